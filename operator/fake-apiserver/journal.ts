// The request log tests read (writes by verb and resource) and the failures tests inject.
import { ApiError, reasonForCode } from './status.ts';

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  query: string;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection, or discovery. */
  verb: string;
  /** `showtimes`, `showtimes/status`, `leases`...; empty for discovery. */
  resource: string;
  group: string;
  namespace: string | undefined;
  name: string | undefined;
  /** The bearer token sent, if any. */
  token: string | undefined;
  userAgent: string | undefined;
  fieldManager: string | undefined;
  /** Filled when the answer is sent (watches: 200 when the stream opens). */
  status: number;
  /** The answer came from failNext, not from the fake's logic. */
  injected: boolean;
}

export interface FailureRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** A RegExp tested against the request path, or a string the path must contain. */
  pathPattern: RegExp | string;
  /** Status code to answer with, e.g. 409, 500, 503, 429. */
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  message?: string;
  reason?: string;
  /** Sent as Retry-After and details.retryAfterSeconds (useful with 429/503). */
  retryAfterSeconds?: number;
}

export interface WriteCounts {
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, number>;
}

const writeVerbs = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export class RequestJournal {
  readonly requests: RecordedRequest[] = [];
  private readonly rules: { rule: FailureRule; left: number }[] = [];

  record(entry: RecordedRequest): RecordedRequest {
    this.requests.push(entry);
    return entry;
  }

  reset(): void {
    this.requests.length = 0;
  }

  failNext(rule: FailureRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  clearFailures(): void {
    this.rules.length = 0;
  }

  /** The injected failure for this request, consuming one of its rule's uses. */
  injectedFailure(method: string, path: string): ApiError | undefined {
    const index = this.rules.findIndex(({ rule }) => {
      if (rule.method && rule.method.toUpperCase() !== method) return false;
      return typeof rule.pathPattern === 'string'
        ? path.includes(rule.pathPattern)
        : rule.pathPattern.test(path);
    });
    const found = this.rules[index];
    if (!found) return undefined;
    found.left -= 1;
    if (found.left <= 0) this.rules.splice(index, 1);
    const { rule } = found;
    const details =
      rule.retryAfterSeconds === undefined
        ? undefined
        : { retryAfterSeconds: rule.retryAfterSeconds };
    return new ApiError(
      rule.status,
      rule.reason ?? reasonForCode(rule.status),
      rule.message ?? `injected failure (${rule.status})`,
      details,
    );
  }

  writeCounts(since = 0): WriteCounts {
    const counts: WriteCounts = { total: 0, byVerb: {}, byResource: {} };
    for (const r of this.requests) {
      if (r.at < since || !writeVerbs.has(r.verb)) continue;
      counts.total += 1;
      counts.byVerb[r.verb] = (counts.byVerb[r.verb] ?? 0) + 1;
      counts.byResource[r.resource] = (counts.byResource[r.resource] ?? 0) + 1;
    }
    return counts;
  }
}
