// Read rounds: shared reads, but never one that began before the caller arrived.
import { describe, expect, it } from 'vitest';
import { createReadRounds } from './read-rounds.ts';

function controlledReads() {
  const started: { key: string; resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  const read = (key: string) =>
    new Promise<number>((resolve, reject) => started.push({ key, resolve, reject }));
  return { started, read };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createReadRounds', () => {
  it('reads at once when nothing is in flight', async () => {
    const { started, read } = controlledReads();
    const get = createReadRounds(read);
    const a = get('x');
    expect(started).toHaveLength(1);
    started[0]!.resolve(1);
    await expect(a).resolves.toBe(1);
  });

  it('makes callers that arrive during a read wait for the next one, which they share', async () => {
    const { started, read } = controlledReads();
    const get = createReadRounds(read);
    const first = get('x');
    const second = get('x');
    const third = get('x');
    expect(started).toHaveLength(1);
    started[0]!.resolve(1);
    await expect(first).resolves.toBe(1);
    await tick();
    expect(started).toHaveLength(2);
    started[1]!.resolve(2);
    await expect(second).resolves.toBe(2);
    await expect(third).resolves.toBe(2);
  });

  it('keeps keys apart', async () => {
    const { started, read } = controlledReads();
    const get = createReadRounds(read);
    const x = get('x');
    const y = get('y');
    expect(started.map((s) => s.key)).toEqual(['x', 'y']);
    started[0]!.resolve(1);
    started[1]!.resolve(2);
    await expect(x).resolves.toBe(1);
    await expect(y).resolves.toBe(2);
  });

  it('passes a failure to the callers of that read only, and starts afresh', async () => {
    const { started, read } = controlledReads();
    const get = createReadRounds(read);
    const failing = get('x');
    const next = get('x');
    started[0]!.reject(new Error('down'));
    await expect(failing).rejects.toThrow('down');
    await tick();
    started[1]!.resolve(3);
    await expect(next).resolves.toBe(3);
    const later = get('x');
    expect(started).toHaveLength(3);
    started[2]!.resolve(4);
    await expect(later).resolves.toBe(4);
  });
});
