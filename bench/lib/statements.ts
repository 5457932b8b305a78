// Reading the statement counts of services started with bench/lib/statement-counter.ts: each is
// asked (SIGUSR2) to write its count, which is read back once it is newer than the question.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function statementCounts(
  dir: string,
  pids: Record<string, number | undefined>,
): Promise<Record<string, number>> {
  const asked = Date.now();
  const counts: Record<string, number> = {};
  await Promise.all(
    Object.entries(pids).map(async ([name, pid]) => {
      if (pid === undefined) return;
      process.kill(pid, 'SIGUSR2');
      for (let i = 0; i < 100; i++) {
        try {
          const read = JSON.parse(await readFile(join(dir, `${pid}.json`), 'utf8')) as {
            statements: number;
            at: number;
          };
          if (read.at >= asked) {
            counts[name] = read.statements;
            return;
          }
        } catch {
          // not written yet
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`${name} did not report its statement count`);
    }),
  );
  return counts;
}

/** `name a.b, …` per unit, largest first, with the total. */
export function perUnit(
  before: Record<string, number>,
  after: Record<string, number>,
  units: number,
) {
  const rows = Object.keys(after)
    .map((name) => [name, ((after[name] ?? 0) - (before[name] ?? 0)) / units] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  return `${rows.map(([name, n]) => `${name} ${n.toFixed(1)}`).join(', ')}; total ${total.toFixed(1)}`;
}
