// Runs Debian's pgbench with a custom script against a database and reads back its figures.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgbenchResult {
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
}

export async function pgbench(options: {
  url: string;
  scriptFile: string;
  clients: number;
  seconds: number;
  defines?: Record<string, string | number>;
}): Promise<PgbenchResult> {
  const args = [
    '-n',
    '-M',
    'extended',
    '-c',
    String(options.clients),
    '-j',
    String(Math.min(options.clients, 2)),
    '-T',
    String(options.seconds),
    '-f',
    options.scriptFile,
    ...Object.entries(options.defines ?? {}).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    options.url,
  ];
  const { stdout } = await run('pgbench', args, { maxBuffer: 10 * 1024 * 1024 });
  const number = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
  return {
    tps: number(/tps = ([\d.]+)/),
    latencyAvgMs: number(/latency average = ([\d.]+) ms/),
    transactions: number(/number of transactions actually processed: (\d+)/),
    failed: number(/number of failed transactions: (\d+)/) || 0,
  };
}
