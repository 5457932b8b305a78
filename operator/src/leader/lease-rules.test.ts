// Who may take the lease, and what taking, renewing and releasing it write.
import { describe, expect, it } from 'vitest';
import { claimedSpec, heldByOther, recordKey, releasedSpec } from './lease-rules.ts';

const t0 = new Date('2030-01-01T00:00:00Z');
const held = {
  holderIdentity: 'pod-a',
  leaseDurationSeconds: 15,
  renewTime: t0,
  acquireTime: t0,
  leaseTransitions: 2,
};

describe('heldByOther', () => {
  it('is held while the lease has not expired since this replica saw it change', () => {
    expect(heldByOther(held, 'pod-b', 1_000, 1_000 + 14_999)).toBe(true);
    expect(heldByOther(held, 'pod-b', 1_000, 1_000 + 15_000)).toBe(false);
  });

  it('is never held against its own holder, nor when nobody holds it', () => {
    expect(heldByOther(held, 'pod-a', 1_000, 1_001)).toBe(false);
    expect(heldByOther({ ...held, holderIdentity: '' }, 'pod-b', 1_000, 1_001)).toBe(false);
    expect(heldByOther(undefined, 'pod-b', 1_000, 1_001)).toBe(false);
  });
});

describe('claimedSpec', () => {
  const now = new Date('2030-01-01T00:00:10Z');

  it('renewing keeps the acquire time and the transitions, and moves the renew time', () => {
    expect(claimedSpec(held, 'pod-a', now, 15)).toEqual({
      holderIdentity: 'pod-a',
      leaseDurationSeconds: 15,
      acquireTime: t0,
      renewTime: now,
      leaseTransitions: 2,
    });
  });

  it('taking over counts a transition and starts a new acquire time', () => {
    expect(claimedSpec(held, 'pod-b', now, 15)).toMatchObject({
      holderIdentity: 'pod-b',
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 3,
    });
  });

  it('creating the lease is no transition; taking a released one is', () => {
    expect(claimedSpec(undefined, 'pod-a', now, 15).leaseTransitions).toBe(0);
    expect(claimedSpec(releasedSpec(held, now), 'pod-b', now, 15).leaseTransitions).toBe(3);
  });
});

describe('releasedSpec and recordKey', () => {
  it('a released lease has no holder and expires at once', () => {
    expect(releasedSpec(held, t0)).toMatchObject({
      holderIdentity: '',
      leaseDurationSeconds: 1,
      leaseTransitions: 2,
    });
  });

  it('the fingerprint changes with a renewal and not otherwise', () => {
    expect(recordKey(held)).toBe(recordKey({ ...held }));
    expect(recordKey(held)).not.toBe(recordKey({ ...held, renewTime: new Date(t0.getTime() + 1) }));
  });
});
