// Our own status writes do not wake the reconciler; spec, deletion and metadata changes do.
import { describe, expect, it } from 'vitest';
import { schedule, showtime } from '../reconcile/fixtures.test-support.ts';
import { isOwnedBy, needsReconcile, ownerKeyOf } from './watch-filters.ts';

describe('needsReconcile', () => {
  const base = showtime();
  const withMeta = (meta: Partial<typeof base.metadata>) => ({
    ...base,
    metadata: { ...base.metadata, resourceVersion: '9', ...meta },
  });

  it('ignores a status-only change and our own finalizer arriving', () => {
    expect(needsReconcile(base, { ...withMeta({}), status: { phase: 'Scheduled' } })).toBe(false);
    expect(
      needsReconcile(base, withMeta({ finalizers: ['cinema.marquee.dev/deletion-policy'] })),
    ).toBe(false);
  });

  it('reacts to a new generation, a deletion, labels, annotations and a finalizer taken away', () => {
    expect(needsReconcile(base, withMeta({ generation: 2 }))).toBe(true);
    expect(needsReconcile(base, withMeta({ deletionTimestamp: '2030-01-01T00:00:00Z' }))).toBe(
      true,
    );
    expect(needsReconcile(base, withMeta({ labels: { a: 'b' } }))).toBe(true);
    expect(needsReconcile(base, withMeta({ annotations: { a: 'b' } }))).toBe(true);
    const finalized = withMeta({ finalizers: ['cinema.marquee.dev/deletion-policy'] });
    expect(needsReconcile(finalized, withMeta({ finalizers: [] }))).toBe(true);
  });
});

describe('ownership', () => {
  it('finds the controlling schedule of a child, and nothing for a lone Showtime', () => {
    const owner = schedule();
    const child = showtime();
    child.metadata.ownerReferences = [
      {
        apiVersion: 'cinema.marquee.dev/v1alpha1',
        kind: 'ShowtimeSchedule',
        name: 'comets-march',
        uid: owner.metadata.uid,
        controller: true,
      },
    ];
    expect(ownerKeyOf(child)).toBe('default/comets-march');
    expect(isOwnedBy(child, owner.metadata.uid)).toBe(true);
    expect(isOwnedBy(child, 'another')).toBe(false);
    expect(ownerKeyOf(showtime())).toBeUndefined();
  });
});
