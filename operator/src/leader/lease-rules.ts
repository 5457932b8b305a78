// The rules of leader election over a coordination.k8s.io/v1 Lease, as client-go's resourcelock:
// who may take the lease, what taking, renewing and releasing write. Pure functions.
import type { V1LeaseSpec } from '@kubernetes/client-node';

/**
 * Whether another replica holds the lease. Expiry is measured from when *this* replica last saw
 * the record change, on its own clock (client-go's observedTime), so clock skew between replicas
 * cannot make a live lease look expired.
 */
export function heldByOther(
  spec: V1LeaseSpec | undefined,
  identity: string,
  observedAtMs: number,
  nowMs: number,
): boolean {
  const holder = spec?.holderIdentity ?? '';
  if (holder === '' || holder === identity) return false;
  const durationMs = (spec?.leaseDurationSeconds ?? 0) * 1000;
  return observedAtMs + durationMs > nowMs;
}

/** The spec this replica writes to take the lease or renew it. */
export function claimedSpec(
  current: V1LeaseSpec | undefined,
  identity: string,
  now: Date,
  leaseDurationSeconds: number,
): V1LeaseSpec {
  const renewing = current?.holderIdentity === identity;
  return {
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTime: renewing ? (current?.acquireTime ?? now) : now,
    renewTime: now,
    // As client-go: every change of holder counts (a released lease taken too); creating does not.
    leaseTransitions: (current?.leaseTransitions ?? 0) + (current && !renewing ? 1 : 0),
  };
}

/**
 * The spec a leader leaving on purpose writes: no holder, so the next replica takes over on its
 * next try instead of waiting for the lease to expire (client-go's ReleaseOnCancel).
 */
export function releasedSpec(current: V1LeaseSpec | undefined, now: Date): V1LeaseSpec {
  return {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: now,
    renewTime: now,
    leaseTransitions: current?.leaseTransitions ?? 0,
  };
}

/** A fingerprint of a record, to notice when it changes (and restart the expiry clock). */
export const recordKey = (spec: V1LeaseSpec | undefined) =>
  JSON.stringify([
    spec?.holderIdentity ?? '',
    spec?.leaseDurationSeconds ?? 0,
    spec?.renewTime ? new Date(spec.renewTime).getTime() : 0,
    spec?.leaseTransitions ?? 0,
  ]);
