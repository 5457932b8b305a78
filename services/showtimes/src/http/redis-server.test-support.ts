// A throwaway redis-server process of a test's own, so a test can stop Redis for real (and start it
// again) without touching the shared Redis that other test files use at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';

export interface RedisServer {
  url: string;
  /** Starts redis-server (no-op while it runs); resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGTERM (no-op once stopped); resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, for cleanup whatever state the test left it in; resolves when it has exited. */
  kill(): Promise<void>;
}

/** A throwaway redis-server on `port`, in memory only, that the test can stop and start again. */
export function createRedisServer(port: number): RedisServer {
  let child: ChildProcess | undefined;
  let exited = Promise.resolve();
  const killNow = () => child?.kill('SIGKILL');
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) return;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly'];
      const proc = spawn('redis-server', [...args, 'no', '--dir', tmpdir()], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      // Never leave it running if the test worker itself goes away.
      process.once('exit', killNow);
      exited = new Promise((resolve) =>
        proc.once('exit', () => {
          process.off('exit', killNow);
          if (child === proc) child = undefined;
          resolve();
        }),
      );
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => fail('did not start in 10 s'), 10_000);
        const fail = (why: string) => {
          clearTimeout(timer);
          reject(new Error(`redis-server ${why}:\n${output}`));
        };
        proc.stderr.on('data', (chunk) => (output += String(chunk)));
        proc.stdout.on('data', (chunk) => {
          output += String(chunk);
          if (!output.includes('Ready to accept connections')) return;
          clearTimeout(timer);
          resolve();
        });
        proc.once('error', (err) => fail(err.message));
        proc.once('exit', (code) => fail(`exited with ${code}`));
      });
    },
    async stop() {
      child?.kill('SIGTERM');
      await exited;
    },
    async kill() {
      killNow();
      await exited;
    },
  };
}

/** A port nothing listens on: bound, then let go. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
