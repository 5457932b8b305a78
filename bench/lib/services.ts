// Starting services as their own processes for benchmarks, the way connected mode runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, freePorts } from '../../services/edge/test/e2e.test-support.ts';

// Free ports as the end-to-end tests find them (distinct when several are asked for at once).
export { freePort, freePorts };

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `node <entry>` with `env` on `options.port` (or a free one) and waits for /readyz. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  let output = '';
  // BENCH_CPU_PROFILE=<dir>: each service writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROFILE;
  // The services run with the benchmark's own Node flags (e.g. --experimental-async-context-frame).
  // BENCH_STATEMENTS_DIR=<dir>: each service counts its SQL statements (bench/lib/statements.ts).
  const counter = process.env.BENCH_STATEMENTS_DIR
    ? ['--import', fileURLToPath(new URL('./statement-counter.ts', import.meta.url))]
    : [];
  const nodeArgs = [
    ...process.execArgv,
    ...counter,
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
  ];
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${entry} not ready:\n${output}`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
