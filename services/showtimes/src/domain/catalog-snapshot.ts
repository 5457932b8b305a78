// What a showtime copies from the catalog when it is scheduled or moved: the movie's title and
// runtime, the theater's time zone, and one layout version of the screen. Asked over HTTP, only
// for what changed, so re-sending an unchanged showtime needs no catalog at all.
import { listLayoutSeats } from '@marquee/contracts/layouts';
import { unprocessable, type FieldProblem } from '@marquee/kit/errors';
import type { CatalogClient } from '../catalog/catalog.client.ts';
import type { SeatToProvision } from '../db/seat-inventory.repository.ts';

export interface MovieSnapshot {
  movieTitle: string;
  runtimeMinutes: number;
}

export interface ScreenSnapshot {
  timeZone: string;
  layoutVersion: number;
  seats: SeatToProvision[];
}

export interface SnapshotRequest {
  movieId?: string;
  /** Theater, screen and (optionally) the layout version wanted; the current one when absent. */
  screen?: { theaterId: string; screenId: string; layoutVersion?: number };
}

export interface Snapshot {
  movie?: MovieSnapshot;
  screen?: ScreenSnapshot;
}

async function movieSnapshot(
  catalog: CatalogClient,
  movieId: string,
  problems: FieldProblem[],
): Promise<MovieSnapshot | undefined> {
  const movie = await catalog.getMovie(movieId);
  if (!movie) {
    problems.push({ field: 'body.movieId', message: 'names no movie in the catalog' });
    return undefined;
  }
  if (movie.deletedAt) {
    problems.push({ field: 'body.movieId', message: 'names a movie deleted from the catalog' });
    return undefined;
  }
  return { movieTitle: movie.title, runtimeMinutes: movie.runtimeMinutes };
}

async function screenSnapshot(
  catalog: CatalogClient,
  wanted: NonNullable<SnapshotRequest['screen']>,
  problems: FieldProblem[],
): Promise<ScreenSnapshot | undefined> {
  const { theaterId, screenId, layoutVersion } = wanted;
  const [theater, screen] = await Promise.all([
    catalog.getTheater(theaterId),
    catalog.getScreen(theaterId, screenId),
  ]);
  if (!theater) {
    problems.push({ field: 'body.theaterId', message: 'names no theater in the catalog' });
    return undefined;
  }
  if (!screen) {
    problems.push({ field: 'body.screenId', message: 'names no screen of this theater' });
    return undefined;
  }
  let layout = screen.layout;
  let version = screen.layoutVersion;
  if (layoutVersion !== undefined && layoutVersion !== screen.layoutVersion) {
    const older = await catalog.getLayoutVersion(theaterId, screenId, layoutVersion);
    if (!older) {
      problems.push({ field: 'body.layoutVersion', message: 'names no layout of this screen' });
      return undefined;
    }
    layout = older.layout;
    version = older.version;
  }
  const seats = listLayoutSeats(layout).map(({ label, row, position, category }) => ({
    label,
    row,
    position,
    category,
  }));
  return { timeZone: theater.timezone, layoutVersion: version, seats };
}

/** Fetches what was asked for; references that do not exist are one 422 naming each field. */
export async function takeSnapshot(
  catalog: CatalogClient,
  request: SnapshotRequest,
): Promise<Snapshot> {
  const problems: FieldProblem[] = [];
  const [movie, screen] = await Promise.all([
    request.movieId ? movieSnapshot(catalog, request.movieId, problems) : undefined,
    request.screen ? screenSnapshot(catalog, request.screen, problems) : undefined,
  ]);
  if (problems.length > 0) {
    const first = problems[0] as FieldProblem;
    throw unprocessable(
      problems.length === 1
        ? `${first.field} ${first.message}.`
        : 'Some of what the showtime refers to is not in the catalog.',
      problems,
    );
  }
  return { movie, screen };
}
