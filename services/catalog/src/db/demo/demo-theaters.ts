// Demo theaters and their screens: three cities, nine rooms of different shapes. All names invented.
import type { SeatLayout } from '@marquee/contracts/layouts';
import { centred, layoutFromPatterns, rowNames } from './layout-patterns.ts';

export interface DemoScreen {
  name: string;
  layout: SeatLayout;
}

export interface DemoTheater {
  name: string;
  address: string;
  city: string;
  timezone: string;
  screens: DemoScreen[];
}

const s = (n: number) => 's'.repeat(n);
const p = (n: number) => 'p'.repeat(n);

/** 18 rows split by a centre aisle; wheelchair pairs at both ends of row A, premium at the back. */
function grandHall(): SeatLayout {
  return layoutFromPatterns(
    rowNames(18).map((name, i) => {
      if (i === 0) return [name, `wc${s(8)}.${s(8)}cw`];
      if (i >= 15) return [name, `${p(10)}.${p(10)}`];
      return [name, `${s(10)}.${s(10)}`];
    }),
  );
}

/** Rows widen towards the back and are centred, like a gently curved auditorium. */
function curvedRoom(lengths: number[], aisle: boolean): SeatLayout {
  const width = Math.max(...lengths) + (aisle ? 1 : 0);
  return layoutFromPatterns(
    rowNames(lengths.length).map((name, i) => {
      const length = lengths[i] ?? 0;
      const half = Math.floor(length / 2);
      let pattern = aisle ? `${s(half)}.${s(length - half)}` : s(length);
      if (i === 0) pattern = `wc${pattern.slice(2, -2)}cw`;
      return [name, centred(pattern, width)];
    }),
  );
}

/** The small 6 x 10 studio: one wheelchair space with its companion seat at the front left. */
function studio(): SeatLayout {
  return layoutFromPatterns(rowNames(6).map((name, i) => [name, i === 0 ? `wc${s(8)}` : s(10)]));
}

/** Two side aisles cut off pairs of seats at the walls; the last two rows are premium. */
function sideAisleHall(rows: number): SeatLayout {
  return layoutFromPatterns(
    rowNames(rows).map((name, i) => {
      if (i === 0) return [name, `wc.${s(14)}.cw`];
      if (i >= rows - 2) return [name, `ss.${p(14)}.ss`];
      return [name, `ss.${s(14)}.ss`];
    }),
  );
}

/** Recliners in pairs with room to walk between them; the front pairs are accessible. */
function lounge(rows: number, pairs: number): SeatLayout {
  const pairRow = Array.from({ length: pairs }, () => 'pp').join('.');
  return layoutFromPatterns(
    rowNames(rows).map((name, i) => [name, i === 0 ? `wc.${pairRow.slice(3, -3)}.cw` : pairRow]),
  );
}

/** A wide room with two aisles and six-seat blocks at the sides. */
function wideTwoAisles(rows: number): SeatLayout {
  return layoutFromPatterns(
    rowNames(rows).map((name, i) => {
      if (i === 0) return [name, `wcssss.${s(16)}.sssscw`];
      if (i === rows - 1) return [name, `${s(6)}.${p(16)}.${s(6)}`];
      return [name, `${s(6)}.${s(16)}.${s(6)}`];
    }),
  );
}

/** Eight rows of twelve and a longer back row. */
function steppedRoom(): SeatLayout {
  return layoutFromPatterns(
    rowNames(9).map((name, i) => {
      if (i === 0) return [name, centred(`wc${s(8)}cw`, 14)];
      if (i === 8) return [name, s(14)];
      return [name, centred(s(12), 14)];
    }),
  );
}

export const DEMO_THEATERS: DemoTheater[] = [
  {
    name: 'Cine Miradouro',
    address: 'Rua do Farol Novo 42, 1200-318 Lisboa',
    city: 'Lisbon',
    timezone: 'Europe/Lisbon',
    screens: [
      { name: 'Sala 1', layout: grandHall() },
      { name: 'Sala 2', layout: curvedRoom([12, 14, 16, 18, 20, 20, 22, 22, 24, 24], false) },
      { name: 'Estúdio', layout: studio() },
    ],
  },
  {
    name: 'Lakeshore Picture House',
    address: '1180 N Harbor Line Ave, Chicago, IL 60610',
    city: 'Chicago',
    timezone: 'America/Chicago',
    screens: [
      { name: 'Screen 1', layout: sideAisleHall(16) },
      {
        name: 'Screen 2',
        layout: curvedRoom([14, 16, 16, 18, 18, 20, 20, 22, 22, 24, 24, 26], true),
      },
      { name: 'The Loft Lounge', layout: lounge(4, 5) },
    ],
  },
  {
    name: 'Southbank Lantern Cinemas',
    address: '77 Wattle Lane, Southbank VIC 3006',
    city: 'Melbourne',
    timezone: 'Australia/Melbourne',
    screens: [
      { name: 'Cinema 1', layout: wideTwoAisles(14) },
      { name: 'Gold Lounge', layout: lounge(6, 4) },
      { name: 'Cinema 3', layout: steppedRoom() },
    ],
  },
];
