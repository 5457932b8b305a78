// Test support for the operator's end-to-end tests: the fake Kubernetes API with the real CRDs,
// the real catalog and showtimes services (services.test-support.ts), operator replicas started
// in-process against them, and what a platform engineer would do with kubectl.
import { randomUUID } from 'node:crypto';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { staticTokenSource } from '@marquee/kit/auth';
import { parseConfig } from '@marquee/kit/config';
import { CRDS } from '../crds/index.ts';
import { kubeConfigFor, startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index.ts';
import { operatorConfigSchema } from '../src/config.ts';
import type {
  Condition,
  Showtime,
  ShowtimeSchedule,
  ShowtimeScheduleSpec,
  ShowtimeSpec,
} from '../src/kube/resources.ts';
import { startOperator, type RunningOperator } from '../src/operator.ts';
import { startTestServices, type Json, type TestServices } from './services.test-support.ts';

export type { Json } from './services.test-support.ts';

export const NAMESPACE = 'default';
const group = 'cinema.marquee.dev';
const version = 'v1alpha1';
const apiVersion = `${group}/${version}`;

export const PRICES = {
  currency: 'EUR',
  prices: {
    standard: { adult: 900, child: 650, senior: 700 },
    premium: { adult: 1250, child: 950, senior: 1000 },
    wheelchair: { adult: 900, child: 650, senior: 700 },
    companion: { adult: 900, child: 650, senior: 700 },
  },
};

/** Settings that make the operator's periods short enough for tests. */
export const FAST_OPERATOR_ENV: Record<string, string> = {
  HOST: '127.0.0.1',
  HEALTH_PORT: '0',
  METRICS_PORT: '0',
  LOG_LEVEL: 'silent',
  RESYNC_SECONDS: '2',
  BLOCKED_RECHECK_SECONDS: '1',
  WATCH_STALL_SECONDS: '3',
  LEASE_DURATION_SECONDS: '2',
  RENEW_DEADLINE: '1.5',
  RETRY_PERIOD: '0.25',
  WORKERS: '4',
  SHOWTIMES_TIMEOUT_MS: '3000',
};

export interface OperatorPlatform extends Omit<TestServices, 'close' | 'logger' | 'sign'> {
  fake: FakeApiServer;
  /** Starts an operator replica; every replica is stopped by close(). */
  operator(env?: Record<string, string>): Promise<RunningOperator>;
  /** A spec on a screen and day no other call of this returns. */
  freshSpec(overrides?: Partial<ShowtimeSpec>): ShowtimeSpec;
  apply(name: string, spec: ShowtimeSpec): Promise<Showtime>;
  patchSpec(name: string, spec: Partial<ShowtimeSpec>): Promise<Showtime>;
  applySchedule(name: string, spec: ShowtimeScheduleSpec): Promise<ShowtimeSchedule>;
  patchSchedule(name: string, spec: Partial<ShowtimeScheduleSpec>): Promise<ShowtimeSchedule>;
  remove(plural: 'showtimes' | 'showtimeschedules', name: string): Promise<void>;
  showtime(name: string): Showtime | undefined;
  schedule(name: string): ShowtimeSchedule | undefined;
  ready(name: string): Condition | undefined;
  /** Waits until `check` returns a value other than undefined or false; fails naming `what`. */
  waitFor<T>(
    what: string,
    check: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs?: number,
  ): Promise<T>;
  /** Writes the fake counted since `sinceMs`, leader-election lease renewals left out. */
  writesSince(sinceMs: number): Record<string, number>;
  /** Events about the object with `uid`, oldest first. */
  eventsOf(uid: string): { reason: string; type: string; message: string }[];
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const conditionOf = (
  object: { status?: { conditions?: Condition[] } } | undefined,
  type = 'Ready',
) => object?.status?.conditions?.find((c) => c.type === type);

export async function startOperatorPlatform(prefix: string): Promise<OperatorPlatform> {
  const services = await startTestServices(prefix);
  const fake = await startFakeApiServer({
    crds: [...CRDS] as never,
    bookmarkIntervalMs: 500,
    logger: { warn: () => {} },
  });
  const custom = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const at = (plural: string) => ({ group, version, plural, namespace: NAMESPACE });
  const operators: RunningOperator[] = [];
  let slot = 0;

  const platform: OperatorPlatform = {
    ...services,
    fake,
    async operator(extra = {}) {
      const config = parseConfig(operatorConfigSchema, {
        ...FAST_OPERATOR_ENV,
        SHOWTIMES_URL: services.showtimesUrl,
        POD_NAME: `operator-${operators.length}-${randomUUID().slice(0, 6)}`,
        ...extra,
      });
      const running = await startOperator(config, {
        kubeConfig: kubeConfigFor(fake),
        tokens: staticTokenSource(() => services.sign({ sub: 'operator', role: 'service' })),
        logger: services.logger,
      });
      operators.push(running);
      return running;
    },
    freshSpec(overrides = {}) {
      const n = slot++;
      const screen = services.screens[n % services.screens.length]!;
      const day = 20 + Math.floor(n / services.screens.length);
      const startsAt = new Date(Date.now() + day * 86_400_000);
      startsAt.setUTCHours(18, 0, 0, 0);
      return {
        movieId: services.movieId,
        theaterId: screen.theaterId,
        screenId: screen.screenId,
        startsAt: startsAt.toISOString().replace('.000Z', 'Z'),
        priceTable: PRICES,
        ...overrides,
      };
    },
    apply: (name, spec) =>
      custom.createNamespacedCustomObject({
        ...at('showtimes'),
        body: { apiVersion, kind: 'Showtime', metadata: { name }, spec },
      }),
    patchSpec: (name, spec) =>
      custom.patchNamespacedCustomObject({ ...at('showtimes'), name, body: { spec } }, mergePatch),
    applySchedule: (name, spec) =>
      custom.createNamespacedCustomObject({
        ...at('showtimeschedules'),
        body: { apiVersion, kind: 'ShowtimeSchedule', metadata: { name }, spec },
      }),
    patchSchedule: (name, spec) =>
      custom.patchNamespacedCustomObject(
        { ...at('showtimeschedules'), name, body: { spec } },
        mergePatch,
      ),
    async remove(plural, name) {
      await custom.deleteNamespacedCustomObject({ ...at(plural), name });
    },
    showtime: (name) => fake.object('showtimes', NAMESPACE, name) as Showtime | undefined,
    schedule: (name) =>
      fake.object('showtimeschedules', NAMESPACE, name) as ShowtimeSchedule | undefined,
    ready: (name) => conditionOf(fake.object('showtimes', NAMESPACE, name) as Showtime | undefined),
    async waitFor(what, check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
        }
        await sleep(50);
      }
    },
    writesSince(sinceMs) {
      const { byResource } = fake.writeCounts(sinceMs);
      return Object.fromEntries(Object.entries(byResource).filter(([r]) => r !== 'leases'));
    },
    eventsOf(uid) {
      return (
        (fake.objects('events', NAMESPACE) as Json[])
          .filter((e) => e.involvedObject?.uid === uid)
          // Events are written once, so their resourceVersion orders them as they were created.
          .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
          .map((e) => ({ reason: e.reason, type: e.type, message: e.message }))
      );
    },
    async close() {
      await Promise.allSettled(operators.map((o) => o.stop()));
      await fake.close();
      await services.close();
    },
  };
  return platform;
}
