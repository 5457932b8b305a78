// Test support for the end-to-end tests: free ports, child processes, readiness polling and a
// small JSON client that speaks to the platform through the edge.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
/** The project's Node 22 (the machine's own `node` may be older). */
export const nodeBinary = join(repoRoot, 'node_modules', '.bin', 'node');

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** `count` distinct free ports (the OS could hand the same one out twice once it is closed). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse {
  status: number;
  type: string;
  body: Json;
}

export type ApiCall = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) => Promise<ApiResponse>;

/** A string body is sent as it is (to send broken JSON); anything else is JSON-encoded. */
export function createApiClient(base: string): ApiCall {
  return async (method, path, body, token) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (text ? JSON.parse(text) : undefined) as Json,
    };
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns something defined; throws with `describe()` after the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(options.describe());
    await sleep(options.intervalMs ?? 250);
  }
}

/** A started child process with its output kept for failure messages. */
export interface ChildHandle {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited (at once if it already has). */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

export function spawnChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { processGroup?: boolean } = {},
): ChildHandle {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group lets stop() reach the grandchildren too (npm start runs node under sh).
    detached: options.processGroup ?? false,
  });
  let output = '';
  const keep = (chunk: unknown) => {
    output = (output + String(chunk)).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const signal = (sig: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (options.processGroup) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // Already gone.
    }
  };
  // Never leave a service running if the test worker itself goes away.
  const onWorkerExit = () => signal('SIGKILL');
  process.once('exit', onWorkerExit);
  void exit.then(() => process.off('exit', onWorkerExit));

  return {
    name,
    child,
    output: () => output,
    exited: () => exit,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Waits until `<url>/readyz` answers 200; fails early if the process behind it exits. */
export async function waitUntilReady(
  url: string,
  processes: ChildHandle[],
  timeoutMs: number,
): Promise<void> {
  const outputs = () =>
    processes.map((p) => `--- ${p.name} (exit ${p.child.exitCode})\n${p.output()}`).join('\n');
  await waitFor(
    async () => {
      const gone = processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
      if (gone) throw new Error(`${gone.name} exited before ${url} was ready:\n${outputs()}`);
      const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.ok,
        () => false,
      );
      return ready ? true : undefined;
    },
    { timeoutMs, describe: () => `${url} not ready in ${timeoutMs} ms:\n${outputs()}` },
  );
}
