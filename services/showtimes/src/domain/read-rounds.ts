// Shares one read among callers without ever answering a caller from a read that began before it
// arrived: a caller that finds a read in flight waits for the next one, which starts when that
// read ends and serves everyone who arrived meanwhile. Under a rush of seat-map requests this
// turns one version query per request into about one per query round trip, and each answer is
// still at least as new as its request.
export function createReadRounds<T>(read: (key: string) => Promise<T>) {
  const rounds = new Map<string, { inFlight?: Promise<T>; waiting?: Promise<T> }>();

  function start(key: string, round: { inFlight?: Promise<T>; waiting?: Promise<T> }) {
    const promise: Promise<T> = read(key).finally(() => {
      if (round.inFlight !== promise) return;
      round.inFlight = undefined;
      if (!round.waiting) rounds.delete(key);
    });
    round.inFlight = promise;
    return promise;
  }

  return (key: string): Promise<T> => {
    let round = rounds.get(key);
    if (!round) {
      round = {};
      rounds.set(key, round);
    }
    if (!round.inFlight) return start(key, round);
    if (!round.waiting) {
      const r = round;
      const settled = () => {
        r.waiting = undefined;
        return start(key, r);
      };
      round.waiting = r.inFlight!.then(settled, settled);
    }
    return round.waiting;
  };
}
