// Two operator replicas: one leader reconciles, the other stands by (ready, reading the lease and
// writing nothing); when the leader stops it releases the lease and the other takes over at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOperator } from '../src/operator.ts';
import {
  startOperatorPlatform,
  type Json,
  type OperatorPlatform,
} from './operator.test-support.ts';

let platform: OperatorPlatform;

beforeAll(async () => {
  platform = await startOperatorPlatform('lead');
});

afterAll(async () => {
  await platform?.close();
});

async function writesBy(operator: RunningOperator): Promise<Record<string, number>> {
  const metric = await operator.metrics.registry
    .getSingleMetric('marquee_operator_api_writes_total')
    ?.get();
  const writes: Record<string, number> = {};
  for (const v of metric?.values ?? []) writes[`${v.labels.verb} ${v.labels.resource}`] = v.value;
  return writes;
}

async function leaderGauge(operator: RunningOperator): Promise<number | undefined> {
  const metric = await operator.metrics.registry
    .getSingleMetric('leader_election_master_status')
    ?.get();
  return metric?.values[0]?.value;
}

const lease = () => platform.fake.object('leases', 'default', 'marquee-operator') as Json;

describe('two operator replicas', () => {
  it('elect one leader; the other takes over when the leader stops', async () => {
    const a = await platform.operator();
    const b = await platform.operator();
    const leader = await platform.waitFor('a leader', () =>
      a.isLeader() ? a : b.isLeader() ? b : undefined,
    );
    const standby = leader === a ? b : a;
    // Both watch and both are ready; only one leads, and it stays that way.
    let overlap = false;
    const sampler = setInterval(() => {
      if (a.isLeader() && b.isLeader()) overlap = true;
    }, 10);
    try {
      for (const replica of [a, b])
        expect((await fetch(`${replica.healthUrl}/readyz`)).status).toBe(200);
      expect(lease().spec.holderIdentity).toBe(leader.identity);
      expect(await leaderGauge(leader)).toBe(1);
      expect(await leaderGauge(standby)).toBe(0);

      const first = await platform.apply('led-by-first', platform.freshSpec());
      await platform.waitFor('Ready', () => platform.ready('led-by-first')?.status === 'True');
      const firstEvent = await platform.waitFor(
        'event',
        () => platform.eventsOf(first.metadata.uid)[0],
      );
      expect(firstEvent.reason).toBe('Provisioned');
      expect(
        platform.fake
          .objects('events', 'default')
          .every((e) => (e as Json).reportingInstance === leader.identity),
      ).toBe(true);
      // The standby wrote nothing but, at most, the losing attempt to create the lease.
      const standbyWrites = await writesBy(standby);
      expect(Object.keys(standbyWrites).filter((w) => w !== 'create leases')).toEqual([]);
      expect(standbyWrites['create leases'] ?? 0).toBeLessThanOrEqual(1);

      const transitions = lease().spec.leaseTransitions as number;
      const stoppedAt = Date.now();
      await leader.stop();
      expect(lease().spec.holderIdentity).toBe('');
      await platform.waitFor('standby leads', () => standby.isLeader());
      // Released, not expired: the standby took over within a retry period or so, not a lease duration.
      expect(Date.now() - stoppedAt).toBeLessThan(1900);
      expect(lease().spec.holderIdentity).toBe(standby.identity);
      expect(lease().spec.leaseTransitions).toBe(transitions + 1);

      const second = await platform.apply('led-by-second', platform.freshSpec());
      await platform.waitFor('Ready', () => platform.ready('led-by-second')?.status === 'True');
      const secondEvent = await platform.waitFor(
        'event',
        () => platform.eventsOf(second.metadata.uid)[0],
      );
      expect(secondEvent.reason).toBe('Provisioned');
      const reporters = (platform.fake.objects('events', 'default') as Json[])
        .filter((e) => e.involvedObject.uid === second.metadata.uid)
        .map((e) => e.reportingInstance);
      expect(reporters).toEqual([standby.identity]);
    } finally {
      clearInterval(sampler);
      await standby.stop();
    }
    expect(overlap).toBe(false);
  });

  it('a leader that cannot renew steps down before its lease could pass to another', async () => {
    const a = await platform.operator();
    const b = await platform.operator();
    const leader = await platform.waitFor('a leader', () =>
      a.isLeader() ? a : b.isLeader() ? b : undefined,
    );
    let overlap = false;
    const sampler = setInterval(() => {
      if (a.isLeader() && b.isLeader()) overlap = true;
    }, 5);
    try {
      const failingFrom = Date.now();
      // RENEW_DEADLINE is 1.5 s, the retry period 0.25 s: eight refused renewals cover the deadline.
      platform.fake.failNext({
        method: 'PUT',
        pathPattern: /\/leases\/marquee-operator$/,
        status: 500,
        times: 8,
      });
      await platform.waitFor('stepped down', () => !leader.isLeader(), 5000);
      const steppedDownAfter = Date.now() - failingFrom;
      expect(steppedDownAfter).toBeGreaterThanOrEqual(1400);
      expect(steppedDownAfter).toBeLessThan(3000);
      expect(await leaderGauge(leader)).toBe(0);
      await platform.waitFor('a leader again', () => a.isLeader() || b.isLeader(), 10_000);
      await platform.apply('after-step-down', platform.freshSpec());
      await platform.waitFor('Ready', () => platform.ready('after-step-down')?.status === 'True');
    } finally {
      clearInterval(sampler);
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(overlap).toBe(false);
  });
});
