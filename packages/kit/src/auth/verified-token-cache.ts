// Access tokens already verified, by their exact text, so a busy caller is not re-checked with
// ES256 on every request. An entry never outlives the token's exp (no clock tolerance here), nor
// MAX_AGE_MS, so a key withdrawn from the JWKS stops being honoured about as soon as it did
// before (the key set itself is trusted for minutes). Access tokens cannot be revoked before exp.
import type { Principal } from './principal.ts';

export const DEFAULT_VERIFIED_TOKENS = 10_000;
/** Shorter than the key set's own cache age (10 min), so key removal is seen as before. */
const MAX_AGE_MS = 60_000;

export interface VerifiedTokenCache {
  /** The principal of a token verified before and still within its exp, or undefined. */
  get(token: string, nowMs: number): Principal | undefined;
  set(token: string, principal: Principal, expMs: number, nowMs: number): void;
}

/** A bounded LRU: a Map keeps insertion order, so the first key is the least recently used. */
export function createVerifiedTokenCache(size: number): VerifiedTokenCache {
  const entries = new Map<string, { principal: Principal; untilMs: number }>();
  return {
    get(token, nowMs) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      entries.delete(token);
      if (nowMs >= entry.untilMs) return undefined;
      entries.set(token, entry);
      // A copy: callers keep principals in res.locals and must not share one object.
      return { ...entry.principal };
    },
    set(token, principal, expMs, nowMs) {
      const untilMs = Math.min(expMs, nowMs + MAX_AGE_MS);
      if (!(untilMs > nowMs)) return;
      entries.delete(token);
      entries.set(token, { principal: { ...principal }, untilMs });
      if (entries.size > size) entries.delete(entries.keys().next().value as string);
    },
  };
}
