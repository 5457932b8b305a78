// A small HTTP load generator for the benchmarks: closed loop (N workers as fast as they go) and
// open loop (a fixed arrival rate, latency measured from the scheduled start so a slow server
// cannot hide its queueing: no coordinated omission).
import { Agent, request } from 'node:http';

export interface Reply {
  status: number;
  body: string;
  /** The ETag response header, when there is one. */
  etag?: string;
}

export function createClient(baseUrl: string, connections: number) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    call(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Reply> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: {
              ...headers,
              ...(payload
                ? {
                    'content-type': 'application/json',
                    'content-length': Buffer.byteLength(payload),
                  }
                : {}),
            },
          },
          (res) => {
            let data = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (data += c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: data, etag: res.headers.etag }),
            );
          },
        );
        req.on('error', reject);
        if (payload) req.write(payload);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}

export class Latencies {
  private samples: number[] = [];
  add(ms: number) {
    this.samples.push(ms);
  }
  get count() {
    return this.samples.length;
  }
  percentile(p: number): number {
    if (this.samples.length === 0) return NaN;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }
  summary(): string {
    return `p50 ${this.percentile(50).toFixed(1)} ms, p99 ${this.percentile(99).toFixed(1)} ms, max ${this.percentile(100).toFixed(1)} ms`;
  }
}

/** Runs `iteration(worker)` in `workers` parallel loops for `seconds`; returns completed count. */
export async function closedLoop(
  workers: number,
  seconds: number,
  iteration: (worker: number) => Promise<void>,
) {
  const until = performance.now() + seconds * 1000;
  let completed = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < until) {
        await iteration(worker);
        completed++;
      }
    }),
  );
  return { completed, perSecond: completed / seconds };
}

/** Starts `iteration(i)` at `rate` per second for `seconds`, each timed from its scheduled start. */
export async function openLoop(
  rate: number,
  seconds: number,
  iteration: (i: number) => Promise<void>,
  latencies: Latencies,
) {
  const start = performance.now();
  const total = Math.floor(rate * seconds);
  const running: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    running.push(iteration(i).then(() => latencies.add(performance.now() - scheduled)));
  }
  await Promise.all(running);
  const elapsed = (performance.now() - start) / 1000;
  return { sent: total, elapsedSeconds: elapsed, achievedRate: total / elapsed };
}
