# One image recipe for every service: `--build-arg SERVICE=identity` picks what the container runs
# (`SERVICE=operator` runs the Kubernetes operator in operator/).
# Sources run as TypeScript on Node 22 (type stripping), so there is no build stage to keep in step.
FROM node:22.23.3-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/kit/package.json packages/kit/
COPY packages/contracts/package.json packages/contracts/
COPY services/identity/package.json services/identity/
COPY services/catalog/package.json services/catalog/
COPY services/showtimes/package.json services/showtimes/
COPY services/payments/package.json services/payments/
COPY services/booking/package.json services/booking/
COPY services/edge/package.json services/edge/
COPY operator/package.json operator/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild

FROM node:22.23.3-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE} HOST=0.0.0.0 PORT=8080
WORKDIR /app
# The production install, nested node_modules included (npm nests e.g. the operator's ajv 8);
# the sources come after it, and .dockerignore keeps the host's node_modules out of the context.
COPY --from=deps /app ./
COPY packages ./packages
COPY services ./services
COPY operator ./operator
USER node
EXPOSE 8080
CMD ["sh", "-c", "case \"$SERVICE\" in operator) exec node operator/src/main.ts ;; *) exec node services/${SERVICE}/src/main.ts ;; esac"]
