// The seat map's pure parts: its version, how it renders at an instant, and ETag matching.
import { describe, expect, it } from 'vitest';
import type { SeatMapRow } from '../db/seat-inventory.repository.ts';
import { matchesEtag, renderSeatMap, versionOf } from './seat-map.service.ts';

const now = new Date('2030-03-01T12:00:00Z');
const price = (adult: number) => ({ adult, child: adult - 200, senior: adult - 100 });
const priceTable = {
  currency: 'AUD',
  prices: {
    standard: price(2400),
    premium: price(3400),
    wheelchair: price(2400),
    companion: price(2400),
  },
};
const row = (
  fields: Partial<SeatMapRow> & Pick<SeatMapRow, 'label' | 'row' | 'position'>,
): SeatMapRow => ({
  category: 'standard',
  state: 'available',
  heldUntil: null,
  changeSeq: 1,
  ...fields,
});

describe('versionOf', () => {
  it('is the largest change number times 10000 plus the holds that have run out', () => {
    const rows = [
      row({ label: 'A1', row: 'A', position: 0, changeSeq: 7 }),
      row({
        label: 'A2',
        row: 'A',
        position: 1,
        changeSeq: 12,
        state: 'held',
        heldUntil: new Date('2030-03-01T11:59:00Z'),
      }),
      row({
        label: 'A3',
        row: 'A',
        position: 2,
        changeSeq: 9,
        state: 'held',
        heldUntil: new Date('2030-03-01T12:00:00Z'),
      }),
      row({
        label: 'A4',
        row: 'A',
        position: 3,
        changeSeq: 10,
        state: 'held',
        heldUntil: new Date('2030-03-01T12:01:00Z'),
      }),
    ];
    expect(versionOf(rows, now)).toBe(120_002);
  });
});

describe('renderSeatMap', () => {
  it('orders rows front to back (A..Z before AA) and resolves expired holds', () => {
    const map = renderSeatMap(
      'id',
      priceTable,
      [
        row({ label: 'AA1', row: 'AA', position: 0 }),
        row({ label: 'B2', row: 'B', position: 1, category: 'premium' }),
        row({
          label: 'B1',
          row: 'B',
          position: 0,
          state: 'held',
          heldUntil: new Date('2030-03-01T11:00:00Z'),
        }),
        row({ label: 'A1', row: 'A', position: 0, state: 'sold' }),
      ],
      now,
    );
    expect(map.seats.map((s) => [s.label, s.state])).toEqual([
      ['A1', 'sold'],
      ['B1', 'available'],
      ['B2', 'available'],
      ['AA1', 'available'],
    ]);
    expect(map.currency).toBe('AUD');
    expect(map.seats[2]?.prices).toEqual({ adult: 3400, child: 3200, senior: 3300 });
  });
});

describe('matchesEtag', () => {
  it('matches strong, weak, listed and wildcard tags of the version only', () => {
    expect(matchesEtag('"42"', 42)).toBe(true);
    expect(matchesEtag('W/"42"', 42)).toBe(true);
    expect(matchesEtag('"1", "42"', 42)).toBe(true);
    expect(matchesEtag('*', 42)).toBe(true);
    expect(matchesEtag('"43"', 42)).toBe(false);
    expect(matchesEtag('42', 42)).toBe(false);
    expect(matchesEtag(undefined, 42)).toBe(false);
  });
});
