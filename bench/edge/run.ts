// bench/edge: what one hop through the local edge costs, against the physical limit of the same
// hop measured in the same run: a bare node:http forwarder, and no hop at all. Client, hop and
// upstream share this one process (one core), so CPU per request compares them fairly.
// Run: npm run bench:edge
import http from 'node:http';
import { createLogger } from '@marquee/kit/logging';
import { createEdgeApp } from '../../services/edge/src/edge.app.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PATH = '/api/bookings?limit=1';

const listen = (handler: http.RequestListener) =>
  new Promise<{ server: http.Server; url: URL }>((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: new URL(`http://127.0.0.1:${port}`) });
    });
  });

/** The answer of a small read, as booking gives it. */
const upstream = await listen((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end('{"items":[],"total":0,"limit":1,"offset":0}');
});

/** The least a forwarding hop can do: the request and the answer piped through, keep-alive. */
const forwardAgent = new http.Agent({ keepAlive: true });
const bare = await listen((req, res) => {
  const out = http.request(
    {
      host: upstream.url.hostname,
      port: upstream.url.port,
      path: req.url,
      method: req.method,
      headers: req.headers,
      agent: forwardAgent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  req.pipe(out);
});

const edge = await listen(
  createEdgeApp({
    logger: createLogger({ service: 'edge', level: 'silent' }),
    targets: () => ({ booking: upstream.url.origin }),
  }),
);

async function measure(url: URL) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const get = () =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: url.hostname, port: url.port, path: PATH, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
  for (let i = 0; i < CONCURRENCY * 4; i++) await get(); // warm-up
  let count = 0;
  let failed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        if ((await get()) === 200) count++;
        else failed++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: count / elapsed, cpuMs: (used.user + used.system) / 1000 / count, failed };
}

console.log(
  `bench/edge: GET ${PATH}, ${CONCURRENCY} workers, ${SECONDS} s each; client, hop and upstream ` +
    'in this one process (one core): CPU per request compares them',
);
const direct = await measure(upstream.url);
const forwarded = await measure(bare.url);
const viaEdge = await measure(edge.url);
const line = (name: string, r: { perSecond: number; cpuMs: number; failed: number }) =>
  `  ${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} requests/s, ` +
  `${r.cpuMs.toFixed(3)} ms CPU per request${r.failed ? `, ${r.failed} not 200` : ''}`;
console.log(line('straight to the upstream', direct));
console.log(line('through a bare node:http forwarder', forwarded));
console.log(line('through the edge', viaEdge));
console.log(
  `the edge's hop: ${(viaEdge.cpuMs - direct.cpuMs).toFixed(3)} ms CPU per request; ` +
    `a bare forwarder's: ${(forwarded.cpuMs - direct.cpuMs).toFixed(3)} ms (the physical limit ` +
    `of a hop here); ratio ${((viaEdge.cpuMs - direct.cpuMs) / (forwarded.cpuMs - direct.cpuMs)).toFixed(1)}`,
);
if (viaEdge.failed > 0) process.exitCode = 1;
for (const s of [edge, bare, upstream]) s.server.close();
forwardAgent.destroy();
