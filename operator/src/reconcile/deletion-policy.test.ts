// What deleting a Showtime does, by policy, sales and time.
import { describe, expect, it } from 'vitest';
import { decideDeletion } from './deletion-policy.ts';
import { view } from './fixtures.test-support.ts';

const before = new Date('2030-03-05T12:00:00Z');
const after = new Date('2030-03-05T22:00:00Z');
const unsold = view({ counts: { total: 120, available: 120, held: 0, sold: 0, blocked: 0 } });

describe('decideDeletion', () => {
  it('Block waits while tickets are sold for a show that has not ended', () => {
    expect(decideDeletion('Block', view(), before)).toEqual({ action: 'block', sold: 16 });
    expect(decideDeletion(undefined, view(), before)).toEqual({ action: 'block', sold: 16 });
  });

  it('Block takes an unsold showtime off sale before letting go', () => {
    expect(decideDeletion('Block', unsold, before).action).toBe('cancel');
  });

  it('Cancel cancels (and so refunds) whatever was sold', () => {
    expect(decideDeletion('Cancel', view(), before).action).toBe('cancel');
  });

  it('lets go of a show that is over under either policy, without cancelling it', () => {
    expect(decideDeletion('Block', view(), after).action).toBe('release');
    expect(decideDeletion('Cancel', view(), after).action).toBe('release');
  });

  it('lets go when there is nothing left in the showtimes service to act on', () => {
    expect(decideDeletion('Cancel', undefined, before).action).toBe('release');
    expect(decideDeletion('Block', view({ status: 'cancelled' }), before).action).toBe('release');
  });
});
