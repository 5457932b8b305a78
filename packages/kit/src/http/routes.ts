// Routes declared once: the express handler, its zod validation and its OpenAPI description.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { authorize, type Principal, type Role, type TokenVerifier } from '../auth/index.ts';
import { parseInput } from './validation.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodType<Record<string, unknown>>;

export interface RouteSpec<
  P extends AnyObject | undefined,
  Q extends AnyObject | undefined,
  B extends z.ZodType | undefined,
> {
  method: Method;
  /** OpenAPI-style path, e.g. `/api/movies/{id}`. */
  path: string;
  summary: string;
  tags?: string[];
  /** `true`: any valid access token; a list: a token with one of these roles. */
  auth?: true | Role[];
  request?: { params?: P; query?: Q; body?: B; headers?: AnyObject };
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The caller, when the route requires authentication (undefined otherwise). */
  principal: Principal | undefined;
  req: Request;
  res: Response;
}

export interface Routes {
  readonly router: Router;
  add<
    P extends AnyObject | undefined,
    Q extends AnyObject | undefined,
    B extends z.ZodType | undefined,
  >(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<P, Q, B>) => Promise<void> | void,
  ): void;
  /** The OpenAPI 3.1 document describing every route added so far. */
  openapi(info: { title: string; version: string; description?: string }): object;
}

const toExpressPath = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

export function createRoutes(options: { verifier?: TokenVerifier } = {}): Routes {
  const router = express.Router();
  const registry = new OpenAPIRegistry();
  let securityRegistered = false;

  return {
    router,
    add(spec, handler) {
      const { request = {} } = spec;
      const guards: RequestHandler[] = [];
      if (spec.auth) {
        if (!options.verifier)
          throw new Error(`Route ${spec.path} requires auth but no verifier was given`);
        guards.push(...authorize(options.verifier, spec.auth));
        if (!securityRegistered) {
          registry.registerComponent('securitySchemes', 'bearer', {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
          });
          securityRegistered = true;
        }
      }
      const template: RequestHandler = (_req, res, next) => {
        res.locals.routeTemplate = spec.path;
        next();
      };
      router[spec.method](toExpressPath(spec.path), template, ...guards, async (req, res) => {
        const params = request.params
          ? parseInput(request.params, req.params, 'params')
          : undefined;
        const query = request.query ? parseInput(request.query, req.query, 'query') : undefined;
        const body = request.body ? parseInput(request.body, req.body ?? {}, 'body') : undefined;
        if (request.headers) parseInput(request.headers, req.headers, 'headers');
        await handler({
          params,
          query,
          body,
          principal: res.locals.principal as Principal | undefined,
          req,
          res,
        } as RouteInput<typeof request.params, typeof request.query, typeof request.body>);
      });

      registry.registerPath({
        method: spec.method,
        path: spec.path,
        summary: spec.summary,
        tags: spec.tags,
        ...(spec.auth ? { security: [{ bearer: [] }] } : {}),
        request: {
          ...(request.params ? { params: request.params as never } : {}),
          ...(request.query ? { query: request.query as never } : {}),
          ...(request.headers ? { headers: request.headers as never } : {}),
          ...(request.body
            ? { body: { content: { 'application/json': { schema: request.body } } } }
            : {}),
        },
        responses: Object.fromEntries(
          Object.entries(spec.responses).map(([status, r]) => [
            status,
            {
              description: r.description,
              ...(r.schema ? { content: { 'application/json': { schema: r.schema } } } : {}),
            },
          ]),
        ),
      });
    },
    openapi(info) {
      return new OpenApiGeneratorV31(registry.definitions).generateDocument({
        openapi: '3.1.0',
        info,
      });
    },
  };
}
