// bench/operator: 1,000 Showtimes applied at once through the Kubernetes API (the fake, over
// HTTP) reach Ready through the operator (its own process) and the real showtimes service; then
// BENCH_QUIET_SECONDS (60) of nothing happening, counting every write the API receives. Target:
// all Ready in under 30 s, and no writes while quiet. Run: npm run bench:operator
import { availableParallelism } from 'node:os';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { TEST_POSTGRES_URL } from '@marquee/kit/testing';
import { cpuSnapshot, cpuUsed } from '../lib/cpu.ts';
import { kubeConfigFor } from '../../operator/fake-apiserver/index.ts';
import { startOperatorBenchPlatform } from './platform.ts';

const COUNT = Number(process.env.BENCH_SHOWTIMES ?? 1000);
const QUIET_SECONDS = Number(process.env.BENCH_QUIET_SECONDS ?? 60);
const WORKERS = process.env.BENCH_WORKERS ?? '8';
const SLOTS_PER_DAY = ['10:00', '14:00', '18:00', '22:00'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const getJson = async (url: string): Promise<Json> => (await fetch(url)).json();
const prices = { adult: 900, child: 650, senior: 700 };
const priceTable = {
  currency: 'EUR',
  prices: { standard: prices, premium: prices, wheelchair: prices, companion: prices },
};

async function reconcileTotals(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const totals: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match =
      /^controller_runtime_reconcile_total\{controller="showtime",result="([a-z_]+)"\} (\d+)/.exec(
        line,
      );
    if (match) totals[match[1]!] = Number(match[2]);
  }
  return totals;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  console.log(
    `operator bench: ${COUNT} Showtimes at once, ${WORKERS} workers, quiet ${QUIET_SECONDS} s`,
  );
  const platform = await startOperatorBenchPlatform({ WORKERS });
  try {
    const { fake } = platform;
    const theaters = (await getJson(`${platform.catalogUrl}/api/theaters`)).items as Json[];
    const screens: { theaterId: string; screenId: string }[] = [];
    for (const theater of theaters) {
      const list = await getJson(`${platform.catalogUrl}/api/theaters/${theater.id}/screens`);
      for (const screen of list.items ?? list)
        screens.push({ theaterId: theater.id, screenId: screen.id });
    }
    const movies = (await getJson(`${platform.catalogUrl}/api/movies?limit=100`)).items as Json[];
    const movie = movies.reduce((a, b) => (a.runtimeMinutes <= b.runtimeMinutes ? a : b));
    // Four shows a day per screen, four hours apart: none overlaps, whatever the runtime.
    const start = new Date(Date.now() + 2 * 86_400_000);
    const specs = Array.from({ length: COUNT }, (_, i) => {
      const screen = screens[i % screens.length]!;
      const slot = Math.floor(i / screens.length);
      const date = new Date(start.getTime() + Math.floor(slot / SLOTS_PER_DAY.length) * 86_400_000);
      const time = SLOTS_PER_DAY[slot % SLOTS_PER_DAY.length]!;
      return {
        name: `bench-${String(i).padStart(4, '0')}`,
        spec: {
          movieId: movie.id,
          ...screen,
          startsAt: `${date.toISOString().slice(0, 10)}T${time}:00Z`,
          priceTable,
        },
      };
    });
    const custom = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
    const beforeTotals = await reconcileTotals(platform.operator.metricsUrl);

    const postgres = { adminUrl: TEST_POSTGRES_URL, databases: platform.databases };
    const cpuBefore = await cpuSnapshot(platform.pids, postgres);
    const t0 = performance.now();
    const startedAt = Date.now();
    await Promise.all(
      specs.map(({ name, spec }) =>
        custom.createNamespacedCustomObject({
          group: 'cinema.marquee.dev',
          version: 'v1alpha1',
          plural: 'showtimes',
          namespace: 'default',
          body: {
            apiVersion: 'cinema.marquee.dev/v1alpha1',
            kind: 'Showtime',
            metadata: { name },
            spec,
          },
        }),
      ),
    );
    const appliedMs = performance.now() - t0;
    let readyMs = 0;
    // Each look copies the objects it reads out of the fake: look only at those not Ready yet.
    let pending = specs.map((s) => s.name);
    for (;;) {
      pending = pending.filter((name) => {
        const object = fake.object('showtimes', 'default', name) as Json;
        return !object?.status?.conditions?.some(
          (c: Json) => c.type === 'Ready' && c.status === 'True',
        );
      });
      if (pending.length === 0) {
        readyMs = performance.now() - t0;
        break;
      }
      if (performance.now() - t0 > 300_000) {
        const stuck = fake.object('showtimes', 'default', pending[0]!) as Json;
        throw new Error(
          `${pending.length} not Ready after 300 s, e.g. ${JSON.stringify(stuck?.status?.conditions)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const provisioningWrites = fake.writeCounts(startedAt);
    const cpu = cpuUsed(cpuBefore, await cpuSnapshot(platform.pids, postgres));
    const totals = await reconcileTotals(platform.operator.metricsUrl);
    const reconciles = sum(totals) - sum(beforeTotals);

    console.log(`applied ${COUNT} Showtimes in ${(appliedMs / 1000).toFixed(2)} s`);
    console.log(
      `all ${COUNT} Ready in ${(readyMs / 1000).toFixed(2)} s (target < 30 s) ${readyMs < 30_000 ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `showtime reconciles: ${reconciles} (${(reconciles / (readyMs / 1000)).toFixed(0)}/s), by result ${JSON.stringify(totals)}`,
    );
    console.log(
      `API writes until Ready: ${provisioningWrites.total} ${JSON.stringify(provisioningWrites.byResource)}`,
    );
    const cpuParts = [...cpu.byProcess]
      .sort(([, a], [, b]) => b - a)
      .map(([n, s]) => `${n} ${s.toFixed(1)}`);
    console.log(
      `CPU seconds until Ready: ${cpuParts.join(', ')}; machine ${cpu.machine.toFixed(1)} of ` +
        `${(cpu.wallSeconds * availableParallelism()).toFixed(1)} available (${availableParallelism()} cores)`,
    );

    const quietFrom = Date.now();
    await new Promise((r) => setTimeout(r, QUIET_SECONDS * 1000));
    const quiet = fake.writeCounts(quietFrom);
    const leases = quiet.byResource.leases ?? 0;
    const others = quiet.total - leases;
    const quietTotals = await reconcileTotals(platform.operator.metricsUrl);
    console.log(
      `quiet ${QUIET_SECONDS} s: ${others} API writes to resources (target 0) ${others === 0 ? 'OK' : 'MISSED'} ${JSON.stringify(quiet.byResource)}; ` +
        `${leases} lease renewals (leader election); ${sum(quietTotals) - sum(totals)} reconciles looked and wrote nothing`,
    );

    const code = await platform.stopOperator();
    const lease = fake.object('leases', 'default', 'marquee-operator') as Json;
    console.log(
      `SIGTERM: operator exited ${code}; lease holder after exit: ${JSON.stringify(lease?.spec?.holderIdentity)}`,
    );
  } finally {
    await platform.stop();
  }
}

await main();
