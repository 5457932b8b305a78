// Reading the statement counts of services started with bench/lib/statement-counter.ts: each is
// asked (SIGUSR2) to write its count, which is read back once it is newer than the question.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StatementCounts {
  /** Statements sent, by service. */
  counts: Record<string, number>;
  /** By service, statements sent by text (whitespace folded, first 2,000 characters). */
  byText: Record<string, Record<string, number>>;
}

export async function statementCounts(
  dir: string,
  pids: Record<string, number | undefined>,
): Promise<StatementCounts> {
  const asked = Date.now();
  const counts: Record<string, number> = {};
  const byText: Record<string, Record<string, number>> = {};
  await Promise.all(
    Object.entries(pids).map(async ([name, pid]) => {
      if (pid === undefined) return;
      process.kill(pid, 'SIGUSR2');
      for (let i = 0; i < 100; i++) {
        try {
          const read = JSON.parse(await readFile(join(dir, `${pid}.json`), 'utf8')) as {
            statements: number;
            byText: Record<string, number>;
            at: number;
          };
          if (read.at >= asked) {
            counts[name] = read.statements;
            byText[name] = read.byText;
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
  return { counts, byText };
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

/** Per service, each statement text sent per unit between two counts, most frequent first. */
export function detailPerUnit(before: StatementCounts, after: StatementCounts, units: number) {
  const lines: string[] = [];
  for (const [name, texts] of Object.entries(after.byText)) {
    const rows = Object.entries(texts)
      .map(([text, n]) => [text, (n - (before.byText[name]?.[text] ?? 0)) / units] as const)
      .filter(([, n]) => n >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    if (rows.length === 0) continue;
    lines.push(`  ${name}:`);
    for (const [text, n] of rows)
      lines.push(`    ${n.toFixed(2).padStart(6)}  ${text.slice(0, 160)}`);
  }
  return lines;
}
