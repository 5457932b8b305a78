// The in-process bus's journal: what makes it durable. One JSON line per fact, appended and
// fdatasync'ed before `publish` resolves, so an outbox row is marked published only once its
// message would survive the process: a queue's bindings, a message put on a queue, a message
// handled (ack) or parked. On open, the lines are read back into the queues (a torn last line is
// skipped) and the file is rewritten with only what is still live.
import {
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  openSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BusMessage } from './event-bus.ts';

export interface JournalEntry {
  seq: number;
  queue: string;
  message: BusMessage;
}

export interface ParkedEntry extends JournalEntry {
  error: string;
  parkedAt: Date;
}

/** What the journal held when it was opened: the queues as the last process left them. */
export interface JournalState {
  bindings: Map<string, Set<string>>;
  /** Put on a queue and neither handled nor parked, oldest first: to be delivered again. */
  pending: JournalEntry[];
  parked: ParkedEntry[];
}

type Line =
  | { op: 'bind'; queue: string; pattern: string }
  | { op: 'enq'; seq: number; queue: string; message: WireMessage }
  | { op: 'ack'; seq: number }
  | { op: 'park'; seq: number; error: string; parkedAt: string };

type WireMessage = Omit<BusMessage, 'occurredAt'> & { occurredAt: string };

const toWire = (m: BusMessage): WireMessage => ({ ...m, occurredAt: m.occurredAt.toISOString() });
const fromWire = (m: WireMessage): BusMessage => ({ ...m, occurredAt: new Date(m.occurredAt) });

export interface BusJournal {
  readonly state: JournalState;
  /** The next sequence number for a message put on a queue. */
  nextSeq(): number;
  bind(queue: string, pattern: string): Promise<void>;
  /** Resolves once the entries are on disk. */
  enqueue(entries: JournalEntry[]): Promise<void>;
  ack(seq: number): void;
  park(seq: number, error: string, parkedAt: Date): void;
  close(): Promise<void>;
}

export interface BusJournalOptions {
  /** Rewrite the file with only the live facts after this many appended lines (default 10 000). */
  compactAfter?: number;
}

function readState(path: string): { state: JournalState; lastSeq: number } {
  const bindings = new Map<string, Set<string>>();
  const live = new Map<number, JournalEntry>();
  const parked = new Map<number, ParkedEntry>();
  let lastSeq = 0;
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      continue; // a line torn by a crash mid-write: its publish never resolved
    }
    if (line.op === 'bind') {
      const set = bindings.get(line.queue) ?? new Set<string>();
      set.add(line.pattern);
      bindings.set(line.queue, set);
    } else if (line.op === 'enq') {
      live.set(line.seq, { seq: line.seq, queue: line.queue, message: fromWire(line.message) });
      lastSeq = Math.max(lastSeq, line.seq);
    } else if (line.op === 'ack') {
      live.delete(line.seq);
    } else if (line.op === 'park') {
      const entry = live.get(line.seq);
      live.delete(line.seq);
      if (entry) {
        parked.set(line.seq, { ...entry, error: line.error, parkedAt: new Date(line.parkedAt) });
      }
    }
  }
  const bySeq = (a: JournalEntry, b: JournalEntry) => a.seq - b.seq;
  return {
    state: {
      bindings,
      pending: [...live.values()].sort(bySeq),
      parked: [...parked.values()].sort(bySeq),
    },
    lastSeq,
  };
}

function linesOf(
  bindings: Map<string, Set<string>>,
  live: Iterable<JournalEntry>,
  parked: Iterable<ParkedEntry>,
): string {
  const lines: Line[] = [];
  for (const [queue, patterns] of bindings)
    for (const pattern of patterns) lines.push({ op: 'bind', queue, pattern });
  const entries: (JournalEntry & Partial<ParkedEntry>)[] = [...live, ...parked];
  for (const e of entries.sort((a, b) => a.seq - b.seq)) {
    lines.push({ op: 'enq', seq: e.seq, queue: e.queue, message: toWire(e.message) });
    if (e.error !== undefined && e.parkedAt) {
      lines.push({ op: 'park', seq: e.seq, error: e.error, parkedAt: e.parkedAt.toISOString() });
    }
  }
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}

/** Writes `text` to `path` so that a crash leaves either the old file or the new one. */
function replaceFile(path: string, text: string) {
  const temp = `${path}.tmp`;
  writeFileSync(temp, text);
  const fd = openSync(temp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export function openBusJournal(path: string, options: BusJournalOptions = {}): BusJournal {
  const compactAfter = options.compactAfter ?? 10_000;
  mkdirSync(dirname(path), { recursive: true });
  const { state, lastSeq } = readState(path);
  // What is live now, kept up to date so the file can be rewritten without reading it back.
  const bindings = new Map([...state.bindings].map(([q, p]) => [q, new Set(p)]));
  const live = new Map(state.pending.map((e) => [e.seq, e]));
  const parked = new Map(state.parked.map((e) => [e.seq, e]));
  replaceFile(path, linesOf(bindings, live.values(), parked.values()));

  let seq = lastSeq;
  let appended = 0;
  let handle: FileHandle | undefined;
  let buffer: string[] = [];
  let waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;
  let closed = false;

  // Group commit: lines that arrive while a write is on its way go together in the next one.
  async function flush() {
    while (buffer.length > 0) {
      const text = buffer.join('');
      const done = waiters;
      buffer = [];
      waiters = [];
      try {
        if (appended >= compactAfter) {
          await handle?.close();
          handle = undefined;
          replaceFile(path, linesOf(bindings, live.values(), parked.values()));
          appended = 0;
        } else {
          handle ??= await open(path, 'a');
          await handle.appendFile(text);
          await handle.datasync();
        }
        for (const w of done) w.resolve();
      } catch (err) {
        for (const w of done) w.reject(err);
      }
    }
  }

  function append(lines: Line[]): Promise<void> {
    if (closed) return Promise.reject(new Error('bus journal is closed'));
    appended += lines.length;
    buffer.push(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const written = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    flushing ??= flush().finally(() => {
      flushing = undefined;
      // Lines appended while the last write finished.
      if (buffer.length > 0) void append([]);
    });
    return written;
  }

  const quiet = (p: Promise<void>) => p.catch(() => undefined);

  return {
    state,
    nextSeq: () => ++seq,
    bind(queue, pattern) {
      const set = bindings.get(queue) ?? new Set<string>();
      if (set.has(pattern)) return Promise.resolve();
      set.add(pattern);
      bindings.set(queue, set);
      return append([{ op: 'bind', queue, pattern }]);
    },
    enqueue(entries) {
      for (const e of entries) live.set(e.seq, e);
      return append(
        entries.map((e) => ({
          op: 'enq' as const,
          seq: e.seq,
          queue: e.queue,
          message: toWire(e.message),
        })),
      );
    },
    // Not waited for: a lost ack only means one more delivery, which handlers must bear anyway.
    ack(seq) {
      if (!live.delete(seq)) return;
      void quiet(append([{ op: 'ack', seq }]));
    },
    park(seq, error, parkedAt) {
      const entry = live.get(seq);
      if (!entry) return;
      live.delete(seq);
      parked.set(seq, { ...entry, error, parkedAt });
      void quiet(append([{ op: 'park', seq, error, parkedAt: parkedAt.toISOString() }]));
    },
    async close() {
      if (closed) return;
      await quiet(flushing ?? Promise.resolve());
      if (buffer.length > 0) await quiet(append([]));
      closed = true;
      await flushing;
      await handle?.close();
      handle = undefined;
    },
  };
}
