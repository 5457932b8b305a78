// Idempotency keys for unsafe requests: the first request with a key does the work and its answer
// is stored; a retry with the same key and body gets that answer again, whatever it was.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Response } from 'express';
import { z } from 'zod';
import type { Database, Queryable } from '../db/index.ts';
import { AppError } from '../errors/index.ts';
import { idempotencyKeys } from '../tables/index.ts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Keys are forgotten after a day (see createIdempotencyKeyCleanup). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** `request.headers` of a route that requires the header; a missing one is a 400 naming it. */
export const idempotencyKeyHeaders = z.object({
  'idempotency-key': z
    .string({ error: 'is required: a key of 1 to 255 characters, new for each operation' })
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters'),
});

export interface IdempotentResponse<B = unknown> {
  status: number;
  body: B;
  headers?: Record<string, string>;
}

export interface IdempotentResult<B = unknown> extends IdempotentResponse<B> {
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/** Which key: keys belong to a caller, so two callers choosing the same key never meet. */
export interface IdempotencyKeyId {
  caller: string;
  key: string;
}

export interface WithIdempotencyOptions extends IdempotencyKeyId {
  db: Database;
  /** What the key is used for, e.g. `POST /api/payments/<id>/refunds`; another route is refused. */
  route: string;
  /**
   * The request as fingerprinted (sha256 of its canonical JSON) to tell a retry from a different
   * request. Leave out what must not be kept even hashed (a card number, a CVC).
   */
  body: unknown;
  /** How long a duplicate waits for the first request to finish before answering 409. */
  waitMs?: number;
  pollMs?: number;
  /** A key older than this counts as unused. */
  ttlMs?: number;
  /** Stamps created_at/completed_at; tests pass one they move. */
  clock?: () => Date;
}

export interface IdempotencyScope {
  /**
   * Stores the answer inside `tx`, the transaction that makes the change, so change and answer
   * commit together and no crash can leave a change whose answer is lost.
   */
  complete<B>(tx: Queryable, response: IdempotentResponse<B>): Promise<IdempotentResponse<B>>;
  /**
   * Says the answer was already stored in a transaction the work committed (e.g. with
   * completeIdempotencyKey), so the round trip that stores it after the work is not needed.
   * `complete` says so itself.
   */
  stored(): void;
  /**
   * From here on a failure keeps the key in progress instead of releasing it: the work left a
   * durable effect (e.g. a payment being processed) that a recovery completes through
   * completeIdempotencyKey. Without it, a failure releases the key so the request can be retried.
   */
  retain(): void;
}

export const idempotencyInProgress = () =>
  new AppError('conflict', 'A request with this Idempotency-Key is still being processed.', {
    extensions: { code: 'idempotency_in_progress' },
    retryAfterSeconds: 1,
  });

export const idempotencyKeyReused = () =>
  new AppError(
    'unprocessable',
    'This Idempotency-Key was already used for a different request; use a new key.',
    { extensions: { code: 'idempotency_key_reused' } },
  );

/** JSON with object keys sorted at every level, so key order never changes the fingerprint. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const requestFingerprint = (route: string, body: unknown) =>
  createHash('sha256')
    .update(route + '\n' + (canonicalJson(body) ?? ''))
    .digest('hex');

const whereKey = (id: IdempotencyKeyId) =>
  and(eq(idempotencyKeys.caller, id.caller), eq(idempotencyKeys.key, id.key));

/**
 * Stores the answer of a key still in progress; false if it was not (already done, or unknown).
 * For recovery workers that finish what a stopped process left in progress (see `retain`).
 */
export async function completeIdempotencyKey(
  db: Queryable,
  id: IdempotencyKeyId,
  response: IdempotentResponse,
  now: Date = new Date(),
): Promise<boolean> {
  const updated = await db
    .update(idempotencyKeys)
    .set({
      state: 'done',
      responseStatus: response.status,
      responseBody: response.body ?? null,
      responseHeaders: response.headers ?? {},
      completedAt: now,
    })
    .where(and(whereKey(id), eq(idempotencyKeys.state, 'in_progress')))
    .returning({ key: idempotencyKeys.key });
  return updated.length > 0;
}

/**
 * Runs `work` once per (caller, key). The INSERT ... ON CONFLICT DO NOTHING that claims the key
 * decides the winner among concurrent requests; the others wait (polling) up to `waitMs` for its
 * answer and replay it, or get 409 `idempotency_in_progress` if it is still running. The same key
 * with a different route or body gets 422 `idempotency_key_reused`.
 *
 * Whatever `work` returns (any status) is stored and replayed. If `work` throws, the key is
 * released (nothing is stored, a retry starts afresh) unless `scope.retain()` was called. Work
 * that commits a change should store its answer with `scope.complete(tx, …)` in that transaction
 * (or retain the key first), so a failure after the commit cannot free the key for a second run.
 */
export async function withIdempotency<B>(
  options: WithIdempotencyOptions,
  work: (scope: IdempotencyScope) => Promise<IdempotentResponse<B>>,
): Promise<IdempotentResult<B>> {
  const { db, route } = options;
  const id: IdempotencyKeyId = { caller: options.caller, key: options.key };
  const clock = options.clock ?? (() => new Date());
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const pollMs = options.pollMs ?? 50;
  const requestHash = requestFingerprint(route, options.body);
  const deadline = performance.now() + (options.waitMs ?? 5_000);

  for (;;) {
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ ...id, route, requestHash, state: 'in_progress', createdAt: clock() })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length > 0) return runClaimed(db, id, clock, work);

    const [row] = await db.select().from(idempotencyKeys).where(whereKey(id));
    if (!row) continue; // released by a failed first attempt: try to claim it
    if (row.createdAt.getTime() <= clock().getTime() - ttlMs) {
      // Expired but not yet cleaned up: it no longer counts. Only this exact row is removed.
      await db
        .delete(idempotencyKeys)
        .where(and(whereKey(id), eq(idempotencyKeys.createdAt, row.createdAt)));
      continue;
    }
    if (row.route !== route || row.requestHash !== requestHash) throw idempotencyKeyReused();
    if (row.state === 'done') {
      return {
        status: row.responseStatus ?? 500,
        body: row.responseBody as B,
        headers: row.responseHeaders ?? {},
        replayed: true,
      };
    }
    if (performance.now() >= deadline) throw idempotencyInProgress();
    await sleep(pollMs);
  }
}

async function runClaimed<B>(
  db: Database,
  id: IdempotencyKeyId,
  clock: () => Date,
  work: (scope: IdempotencyScope) => Promise<IdempotentResponse<B>>,
): Promise<IdempotentResult<B>> {
  let retained = false;
  let stored = false;
  const scope: IdempotencyScope = {
    async complete(tx, response) {
      await completeIdempotencyKey(tx, id, response, clock());
      stored = true;
      return response;
    },
    retain() {
      retained = true;
    },
    stored() {
      stored = true;
    },
  };
  try {
    const response = await work(scope);
    // Unless work stored the answer in its own transaction (a work that returns, rather than
    // throws, after such a transaction rolled back must not say it did).
    if (!stored) await completeIdempotencyKey(db, id, response, clock());
    return { ...response, replayed: false };
  } catch (err) {
    if (!retained) {
      await db
        .delete(idempotencyKeys)
        .where(and(whereKey(id), eq(idempotencyKeys.state, 'in_progress')))
        .catch(() => undefined); // the key then stays claimed until it expires; the error matters more
    }
    throw err;
  }
}

/** Sends a result: problem+json for errors, and `Idempotent-Replayed: true` on a replay. */
export function sendIdempotent(res: Response, result: IdempotentResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  if (result.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
  res
    .status(result.status)
    .type(result.status >= 400 ? 'application/problem+json' : 'application/json')
    .send(JSON.stringify(result.body));
}

/** Deletes up to `limit` keys created before `before`; returns how many went. */
export async function deleteExpiredIdempotencyKeys(
  db: Database,
  before: Date,
  limit = 1_000,
): Promise<number> {
  // Bounded batches keep each statement short, so requests never wait long behind the cleanup.
  const oldest = db
    .select({ caller: idempotencyKeys.caller, key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, before))
    .limit(limit);
  const deleted = await db
    .delete(idempotencyKeys)
    .where(sql`(${idempotencyKeys.caller}, ${idempotencyKeys.key}) IN ${oldest}`)
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
