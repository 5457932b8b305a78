// Which showtime a customer books next. Showtimes let a customer have at most MAX_SEATS_PER_CUSTOMER
// (10) seats per showtime, and a showtime has only so many pairs: the benchmark must never hit
// either, or it would measure refusals instead of bookings. Each attempt reserves its pair here
// before it starts (a failed attempt keeps it: counting high never breaks a limit).

export interface SlotOptions {
  /** Bookings one customer may make per showtime (10 seats / 2). */
  perCustomer: number;
  /** Pairs taken per showtime before it counts as full, below its size: best-available needs room. */
  pairsPerShowtime: number;
}

export function createSlots(options: SlotOptions) {
  const showtimes: string[] = [];
  const taken: number[] = [];
  const byCustomer = new Map<string, number[]>();

  return {
    add(ids: string[]) {
      for (const id of ids) {
        showtimes.push(id);
        taken.push(0);
      }
    },
    /** Pairs still free for anyone. */
    get remaining() {
      return taken.reduce((n, t) => n + options.pairsPerShowtime - t, 0);
    },
    /** Reserves a pair for `customer`; undefined when none is left for them. */
    take(customer: string, spread: number): string | undefined {
      let mine = byCustomer.get(customer);
      if (!mine) byCustomer.set(customer, (mine = []));
      // Customers start at different showtimes so the load spreads over them, as in a real week.
      for (let k = 0; k < showtimes.length; k++) {
        const i = (spread + k) % showtimes.length;
        if (taken[i]! >= options.pairsPerShowtime || (mine[i] ?? 0) >= options.perCustomer)
          continue;
        taken[i]!++;
        mine[i] = (mine[i] ?? 0) + 1;
        return showtimes[i];
      }
      return undefined;
    },
  };
}

export type Slots = ReturnType<typeof createSlots>;
