// Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection: try to take
// the lease every retry period; once leader, renew it every retry period; step down when a
// renewal has not succeeded within the renew deadline (or another replica holds the lease);
// release it on a graceful stop so another replica need not wait for it to expire.
import type { V1Lease } from '@kubernetes/client-node';
import type { Logger } from '@marquee/kit/logging';
import { isConflict, isNotFound, messageOf, type KubeApi } from '../kube/kube-api.ts';
import { claimedSpec, heldByOther, recordKey, releasedSpec } from './lease-rules.ts';

export interface LeaderElectorOptions {
  api: KubeApi;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** Called on becoming leader; the workers start here. */
  onStartedLeading(): void;
  /** Called on losing or giving up the lease; resolves once no reconcile runs any more. */
  onStoppedLeading(): Promise<void>;
  onLeaderChange?(isLeader: boolean): void;
  logger: Logger;
  now?: () => number;
}

export interface LeaderElector {
  start(): void;
  /** Stops trying; a leader stops its work, then releases the lease. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

type Attempt = 'acquired' | 'held' | 'failed';

export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const { api, namespace, name, identity, logger } = options;
  const now = options.now ?? Date.now;
  let leader = false;
  let stopped = true;
  let running: Promise<void> | undefined;
  let observed: { key: string; atMs: number; lease: V1Lease | undefined } = {
    key: '',
    atMs: 0,
    lease: undefined,
  };
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** A call that has not answered within `ms` counts as failed (the API server may hang). */
  function within<T>(ms: number, call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  async function tryAcquireOrRenew(): Promise<Attempt> {
    const at = new Date(now());
    const durationSeconds = Math.ceil(options.leaseDurationMs / 1000);
    try {
      const current = await within(options.renewDeadlineMs, api.readLease(namespace, name));
      if (!current) {
        const created = await within(
          options.renewDeadlineMs,
          api.createLease(namespace, {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace },
            spec: claimedSpec(undefined, identity, at, durationSeconds),
          }),
        );
        observed = { key: recordKey(created.spec), atMs: now(), lease: created };
        return 'acquired';
      }
      const key = recordKey(current.spec);
      if (key !== observed.key) observed = { key, atMs: now(), lease: current };
      if (heldByOther(current.spec, identity, observed.atMs, now())) return 'held';
      const updated = await within(
        options.renewDeadlineMs,
        api.replaceLease(namespace, name, {
          ...current,
          spec: claimedSpec(current.spec, identity, at, durationSeconds),
        }),
      );
      observed = { key: recordKey(updated.spec), atMs: now(), lease: updated };
      return 'acquired';
    } catch (err) {
      // 409: someone wrote the lease between our read and our write; 404: it went meanwhile.
      if (!isConflict(err) && !isNotFound(err)) {
        logger.warn({ lease: `${namespace}/${name}`, error: messageOf(err) }, 'lease not renewed');
      }
      return 'failed';
    }
  }

  function setLeader(value: boolean) {
    leader = value;
    options.onLeaderChange?.(value);
  }

  async function run(): Promise<void> {
    while (!stopped) {
      const attempt = await tryAcquireOrRenew();
      if (stopped) break;
      if (attempt !== 'acquired') {
        // A little jitter, so replicas started together do not ask in lockstep.
        await sleep(options.retryPeriodMs * (1 + Math.random() * 0.2));
        continue;
      }
      logger.info({ lease: `${namespace}/${name}`, identity }, 'became leader');
      setLeader(true);
      options.onStartedLeading();
      let renewedAt = now();
      while (!stopped) {
        await sleep(options.retryPeriodMs);
        if (stopped) break;
        const renewal = await tryAcquireOrRenew();
        if (renewal === 'acquired') renewedAt = now();
        else if (renewal === 'held' || now() - renewedAt > options.renewDeadlineMs) break;
      }
      if (stopped) break;
      logger.warn({ lease: `${namespace}/${name}`, identity }, 'lost the lease; stopping work');
      setLeader(false);
      await options.onStoppedLeading();
    }
  }

  async function release(): Promise<void> {
    const lease = observed.lease;
    if (!lease || lease.spec?.holderIdentity !== identity) return;
    try {
      await within(
        options.renewDeadlineMs,
        api.replaceLease(namespace, name, {
          ...lease,
          spec: releasedSpec(lease.spec, new Date(now())),
        }),
      );
      logger.info({ lease: `${namespace}/${name}`, identity }, 'released the lease');
    } catch (err) {
      // Another replica then waits for the lease to expire instead: slower, never unsafe.
      logger.warn({ lease: `${namespace}/${name}`, error: messageOf(err) }, 'lease not released');
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      running = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      await running;
      if (leader) {
        setLeader(false);
        // Work ends before the lease is given up, so two replicas never reconcile at once.
        await options.onStoppedLeading();
        await release();
      }
    },
    isLeader: () => leader,
  };
}
