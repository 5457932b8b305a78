// Preloaded into a service by bench/lib/services.ts (`--import`) when BENCH_STATEMENTS_DIR is set:
// counts every statement the service sends to PostgreSQL through pg (each one round trip; BEGIN
// and COMMIT count), in all and by statement text, and on SIGUSR2 writes the counts to
// BENCH_STATEMENTS_DIR/<pid>.json.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type PgModule from 'pg';

const dir = process.env.BENCH_STATEMENTS_DIR;
if (dir) {
  // The pg the service itself loads (CommonJS, hoisted to the root node_modules).
  const pg = createRequire(import.meta.url)('pg') as typeof PgModule;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  let statements = 0;
  const byText: Record<string, number> = {};
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    const first = args[0] as string | { text?: string } | undefined;
    const text = (typeof first === 'string' ? first : (first?.text ?? '?'))
      .replace(/\s+/g, ' ')
      .slice(0, 2000);
    byText[text] = (byText[text] ?? 0) + 1;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  process.on('SIGUSR2', () => {
    writeFileSync(
      join(dir, `${process.pid}.json`),
      JSON.stringify({ statements, byText, at: Date.now() }),
    );
  });
}
