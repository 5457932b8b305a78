// The showtimes service as the operator sees it: upsert, read and cancel a showtime, with every
// refusal turned into a temporary or a permanent error that names its condition reason.
import type { ServiceTokenSource } from '@marquee/kit/auth';
import { PermanentError, TemporaryError } from './errors.ts';
import { REASONS } from './reasons.ts';
import type { ShowtimeRequest } from './showtime-request.ts';

export interface ShowtimeView {
  id: string;
  movieTitle: string;
  screenId: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  counts: { total: number; available: number; held: number; sold: number; blocked: number };
}

export interface ShowtimesClient {
  upsert(id: string, request: ShowtimeRequest): Promise<ShowtimeView>;
  /** undefined when the showtimes service has no such showtime. */
  get(id: string): Promise<ShowtimeView | undefined>;
  /** undefined when the showtimes service has no such showtime. */
  cancel(id: string): Promise<ShowtimeView | undefined>;
}

/** The problem+json members the operator reads. */
export interface Problem {
  detail?: string;
  title?: string;
  reason?: string;
  errors?: { field: string; message: string }[];
  overlapping?: { id: string; movieTitle: string; startsAt: string; endsAt: string };
}

const describe = (problem: Problem | undefined, fallback: string) =>
  problem?.detail ?? problem?.title ?? fallback;

/** What an answer other than 2xx or 404 means for the reconcile. */
export function classifyShowtimesFailure(
  status: number,
  problem: Problem | undefined,
  retryAfterSeconds?: number,
): TemporaryError | PermanentError {
  const detail = describe(problem, `The showtimes service answered ${status}.`);
  if (status === 400) return new PermanentError(REASONS.InvalidSpec, detail);
  if (status === 409) {
    switch (problem?.reason) {
      case 'schedule_conflict':
        return new PermanentError(REASONS.ScheduleConflict, detail);
      case 'seats_taken':
        return new PermanentError(REASONS.ScreenChangeRefused, detail);
      case 'showtime_cancelled':
        return new PermanentError(REASONS.Cancelled, detail);
      default:
        // A conflict we do not know is not worth retrying blindly, but is not the spec's fault
        // either: try again after the backoff, naming it.
        return new TemporaryError(REASONS.ShowtimesUnavailable, detail);
    }
  }
  if (status === 422) {
    const fields = problem?.errors?.map((e) => e.field) ?? [];
    const movie = fields.some((f) => f.endsWith('movieId'));
    const others = fields.some((f) => !f.endsWith('movieId'));
    return new PermanentError(
      movie && !others ? REASONS.MovieNotFound : REASONS.LayoutNotFound,
      detail,
    );
  }
  const delayMs = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined;
  return new TemporaryError(
    REASONS.ShowtimesUnavailable,
    `The showtimes service answered ${status}: ${detail}`,
    { delayMs },
  );
}

export interface ShowtimesClientOptions {
  baseUrl: string;
  tokens: ServiceTokenSource;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createShowtimesClient(options: ShowtimesClientOptions): ShowtimesClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ShowtimeView | undefined> {
    let token: string | undefined;
    if (method !== 'GET') {
      try {
        token = await options.tokens.token();
      } catch (err) {
        throw new TemporaryError(
          REASONS.ShowtimesUnavailable,
          'No service token could be had from identity.',
          { cause: err },
        );
      }
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new TemporaryError(
        REASONS.ShowtimesUnavailable,
        `The showtimes service cannot be reached (${err instanceof Error ? err.message : String(err)}).`,
        { cause: err },
      );
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) {
      if (!parsed || typeof parsed !== 'object') {
        throw new TemporaryError(
          REASONS.ShowtimesUnavailable,
          `The showtimes service answered ${response.status} without a showtime.`,
        );
      }
      return parsed as ShowtimeView;
    }
    if (response.status === 404) return undefined;
    // A token identity has since rotated away: fetch a new one for the retry.
    if (response.status === 401) options.tokens.invalidate();
    const retryAfter = Number(response.headers.get('retry-after'));
    throw classifyShowtimesFailure(
      response.status,
      parsed as Problem | undefined,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }

  const path = (id: string) => `/api/showtimes/${encodeURIComponent(id)}`;
  return {
    async upsert(id, request) {
      const view = await call('PUT', path(id), request);
      // PUT never answers 404 for a well-formed id; an empty answer is the service misbehaving.
      if (!view) {
        throw new TemporaryError(REASONS.ShowtimesUnavailable, 'The upsert answered 404.');
      }
      return view;
    },
    get: (id) => call('GET', path(id)),
    cancel: (id) => call('POST', `${path(id)}/cancel`),
  };
}
