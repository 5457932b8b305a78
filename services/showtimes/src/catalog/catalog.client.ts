// The catalog service over HTTP: movies, theaters, screens and their layout versions. Showtimes
// never reads the catalog's database; it asks here and snapshots what a showtime needs.
import { seatLayoutSchema } from '@marquee/contracts/layouts';
import { unavailable } from '@marquee/kit/errors';
import { injectTraceHeaders } from '@marquee/kit/tracing';
import { z } from 'zod';

const movieSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  runtimeMinutes: z.number().int().positive(),
  releaseDate: z.string(),
  deletedAt: z.string().nullable(),
});
export type CatalogMovie = z.output<typeof movieSchema>;

const theaterSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  city: z.string(),
  timezone: z.string(),
});
export type CatalogTheater = z.output<typeof theaterSchema>;

const screenSummarySchema = z.object({
  id: z.uuid(),
  theaterId: z.uuid(),
  name: z.string(),
  layoutVersion: z.number().int().positive(),
});
export type CatalogScreenSummary = z.output<typeof screenSummarySchema>;

const screenSchema = screenSummarySchema.extend({ layout: seatLayoutSchema });
export type CatalogScreen = z.output<typeof screenSchema>;

const layoutVersionSchema = z.object({
  screenId: z.uuid(),
  version: z.number().int().positive(),
  layout: seatLayoutSchema,
});
export type CatalogLayoutVersion = z.output<typeof layoutVersionSchema>;

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int() });

/** What showtimes needs from the catalog; `undefined` means the catalog answered 404. */
export interface CatalogClient {
  getMovie(id: string): Promise<CatalogMovie | undefined>;
  getTheater(id: string): Promise<CatalogTheater | undefined>;
  /** A screen of that theater with its current layout. */
  getScreen(theaterId: string, screenId: string): Promise<CatalogScreen | undefined>;
  getLayoutVersion(
    theaterId: string,
    screenId: string,
    version: number,
  ): Promise<CatalogLayoutVersion | undefined>;
  listTheaters(): Promise<CatalogTheater[]>;
  listScreens(theaterId: string): Promise<CatalogScreenSummary[]>;
  /** Movies that are not deleted. */
  listMovies(): Promise<CatalogMovie[]>;
}

export interface CatalogClientOptions {
  baseUrl: string;
  /** Longest one request may take before the catalog counts as unavailable (default 3 s). */
  timeoutMs?: number;
}

const PAGE_SIZE = 100;

export function createCatalogClient(options: CatalogClientOptions): CatalogClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 3_000;

  async function getJson<S extends z.ZodType>(
    path: string,
    schema: S,
  ): Promise<z.output<S> | undefined> {
    let response: Response;
    try {
      response = await fetch(base + path, {
        // Node's fetch is not instrumented: the trace goes along by hand.
        headers: injectTraceHeaders({ accept: 'application/json' }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw unavailable('The catalog service cannot be reached; try again shortly.', err);
    }
    // A 400 is the catalog refusing an id it cannot hold: for us, the same as not finding it.
    if (response.status === 404 || response.status === 400) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable(`The catalog service answered ${response.status}; try again shortly.`);
    }
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw unavailable('The catalog service answered with something unexpected.', parsed.error);
    }
    return parsed.data;
  }

  async function getAll<S extends z.ZodType>(path: string, item: S): Promise<z.output<S>[]> {
    const items: z.output<S>[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const sep = path.includes('?') ? '&' : '?';
      const page = await getJson(`${path}${sep}limit=${PAGE_SIZE}&offset=${offset}`, pageOf(item));
      if (!page) return items;
      items.push(...page.items);
      if (page.items.length < PAGE_SIZE || items.length >= page.total) return items;
    }
  }

  const id = encodeURIComponent;
  return {
    getMovie: (movieId) => getJson(`/api/movies/${id(movieId)}`, movieSchema),
    getTheater: (theaterId) => getJson(`/api/theaters/${id(theaterId)}`, theaterSchema),
    getScreen: (theaterId, screenId) =>
      getJson(`/api/theaters/${id(theaterId)}/screens/${id(screenId)}`, screenSchema),
    getLayoutVersion: (theaterId, screenId, version) =>
      getJson(
        `/api/theaters/${id(theaterId)}/screens/${id(screenId)}/layouts/${version}`,
        layoutVersionSchema,
      ),
    listTheaters: () => getAll('/api/theaters', theaterSchema),
    async listScreens(theaterId) {
      const list = await getJson(
        `/api/theaters/${id(theaterId)}/screens`,
        z.object({ items: z.array(screenSummarySchema) }),
      );
      return list?.items ?? [];
    },
    listMovies: () => getAll('/api/movies', movieSchema),
  };
}
