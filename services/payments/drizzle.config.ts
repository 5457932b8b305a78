// drizzle-kit settings for payments's migrations. Paths are computed relative to the working
// directory (drizzle-kit mishandles absolute ones on later runs), so
// `npx drizzle-kit generate --config services/payments/drizzle.config.ts` works from the
// repository root as well as from the service folder.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'drizzle-kit';

const here = dirname(fileURLToPath(import.meta.url));
const fromCwd = (path: string) => relative(process.cwd(), join(here, path)) || '.';

export default defineConfig({
  dialect: 'postgresql',
  schema: fromCwd('src/db/schema.ts'),
  out: fromCwd('drizzle'),
});
