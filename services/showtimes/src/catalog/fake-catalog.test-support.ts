// Test support: a stand-in for the catalog service over real HTTP on port 0. It answers the few
// routes showtimes asks with the catalog's JSON shapes, from data the test puts in.
import { randomUUID } from 'node:crypto';
import type { SeatLayout } from '@marquee/contracts/layouts';
import { listen, type RunningServer } from '@marquee/kit/http';
import express from 'express';

export interface FakeMovie {
  id: string;
  title: string;
  runtimeMinutes: number;
  releaseDate: string;
  deletedAt: string | null;
}

export interface FakeTheater {
  id: string;
  name: string;
  city: string;
  timezone: string;
}

export interface FakeScreen {
  id: string;
  theaterId: string;
  name: string;
  /** Every version, oldest first; the last is current. */
  layouts: SeatLayout[];
}

export interface FakeCatalog {
  url: string;
  addMovie(fields?: Partial<FakeMovie>): FakeMovie;
  addTheater(fields?: Partial<FakeTheater>): FakeTheater;
  addScreen(theaterId: string, layout: SeatLayout, name?: string): FakeScreen;
  /** A new current layout version for the screen. */
  addLayoutVersion(screenId: string, layout: SeatLayout): number;
  /** While true, every request answers 503. */
  failing: boolean;
  requests(): number;
  close(): Promise<void>;
}

/** Rows of standard seats, `perRow` each, labelled A1, A2, ... */
export function gridLayout(rows: number, perRow: number): SeatLayout {
  return {
    rows: Array.from({ length: rows }, (_, r) => {
      const name = String.fromCharCode(65 + r);
      return {
        name,
        seats: Array.from({ length: perRow }, (_, s) => ({
          label: `${name}${s + 1}`,
          category: 'standard' as const,
        })),
      };
    }),
  };
}

export async function startFakeCatalog(): Promise<FakeCatalog> {
  const movies = new Map<string, FakeMovie>();
  const theaters = new Map<string, FakeTheater>();
  const screens = new Map<string, FakeScreen>();
  let requestCount = 0;
  const state = { failing: false };

  const app = express();
  app.use((_req, res, next) => {
    requestCount += 1;
    if (state.failing) res.status(503).json({ status: 503, title: 'Service Unavailable' });
    else next();
  });
  const missing = (res: express.Response) => res.status(404).json({ status: 404 });
  const page = <T>(items: T[]) => ({ items, total: items.length, limit: 100, offset: 0 });
  const screenOf = (theaterId: string, screenId: string) => {
    const screen = screens.get(screenId);
    return screen && screen.theaterId === theaterId ? screen : undefined;
  };
  const summary = (screen: FakeScreen) => ({
    id: screen.id,
    theaterId: screen.theaterId,
    name: screen.name,
    layoutVersion: screen.layouts.length,
  });

  app.get('/api/movies', (_req, res) => {
    res.json(page([...movies.values()].filter((m) => !m.deletedAt)));
  });
  app.get('/api/movies/:id', (req, res) => {
    const movie = movies.get(req.params.id);
    if (movie) res.json(movie);
    else missing(res);
  });
  app.get('/api/theaters', (_req, res) => {
    res.json(page([...theaters.values()]));
  });
  app.get('/api/theaters/:id', (req, res) => {
    const theater = theaters.get(req.params.id);
    if (theater) res.json(theater);
    else missing(res);
  });
  app.get('/api/theaters/:id/screens', (req, res) => {
    if (!theaters.has(req.params.id)) return void missing(res);
    const items = [...screens.values()].filter((s) => s.theaterId === req.params.id);
    res.json({ items: items.map(summary) });
  });
  app.get('/api/theaters/:id/screens/:screenId', (req, res) => {
    const screen = screenOf(req.params.id, req.params.screenId);
    if (!screen) return void missing(res);
    res.json({ ...summary(screen), layout: screen.layouts[screen.layouts.length - 1] });
  });
  app.get('/api/theaters/:id/screens/:screenId/layouts/:version', (req, res) => {
    const screen = screenOf(req.params.id, req.params.screenId);
    const version = Number(req.params.version);
    const layout = screen?.layouts[version - 1];
    if (!screen || !layout) return void missing(res);
    res.json({
      theaterId: screen.theaterId,
      screenId: screen.id,
      version,
      current: version === screen.layouts.length,
      layout,
    });
  });

  const server: RunningServer = await listen(app, { port: 0 });
  return {
    url: server.url,
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    addMovie(fields = {}) {
      const movie: FakeMovie = {
        id: randomUUID(),
        title: 'The Long Intermission',
        runtimeMinutes: 100,
        releaseDate: '2020-01-01',
        deletedAt: null,
        ...fields,
      };
      movies.set(movie.id, movie);
      return movie;
    },
    addTheater(fields = {}) {
      const theater: FakeTheater = {
        id: randomUUID(),
        name: 'Test Picture House',
        city: 'Lisbon',
        timezone: 'Europe/Lisbon',
        ...fields,
      };
      theaters.set(theater.id, theater);
      return theater;
    },
    addScreen(theaterId, layout, name = 'Screen 1') {
      const screen: FakeScreen = { id: randomUUID(), theaterId, name, layouts: [layout] };
      screens.set(screen.id, screen);
      return screen;
    },
    addLayoutVersion(screenId, layout) {
      const screen = screens.get(screenId);
      if (!screen) throw new Error(`no screen ${screenId}`);
      screen.layouts.push(layout);
      return screen.layouts.length;
    },
    requests: () => requestCount,
    close: () => server.close(1_000),
  };
}
