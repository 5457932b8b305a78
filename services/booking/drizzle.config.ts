// drizzle-kit settings for the booking's migrations. drizzle-kit wants paths relative to the
// working directory, so they are computed from this file: the command works from the repository
// root (`npx drizzle-kit generate --config services/booking/drizzle.config.ts`) or from here.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'drizzle-kit';

const here = relative(process.cwd(), dirname(fileURLToPath(import.meta.url))) || '.';

export default defineConfig({
  dialect: 'postgresql',
  schema: join(here, 'src/db/schema.ts'),
  out: join(here, 'drizzle'),
});
