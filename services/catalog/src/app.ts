// The catalog's HTTP application: its routes on top of the kit's service app.
import type { TokenVerifier } from '@marquee/kit/auth';
import type { Database } from '@marquee/kit/db';
import {
  createRoutes,
  createServiceApp,
  type Metrics,
  type ReadinessChecks,
  type Routes,
} from '@marquee/kit/http';
import type { Logger } from '@marquee/kit/logging';
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import type { CatalogConfig } from './config.ts';
import { createMoviesService } from './domain/movies.service.ts';
import { createScreensService } from './domain/screens.service.ts';
import { createTheatersService } from './domain/theaters.service.ts';
import { addMovieRoutes } from './http/movies.routes.ts';
import { addScreenRoutes } from './http/screens.routes.ts';
import { addTheaterRoutes } from './http/theaters.routes.ts';

export const CATALOG_API_INFO = {
  title: 'Marquee catalog',
  version: '1.0.0',
  description:
    'Movies, theaters, screens and versioned seat layouts. Reads are public; writes need an admin token. ' +
    'Deleting a movie is a soft delete. A layout version never changes once written.',
};

/** Every catalog route; `runService` hosts these directly, `createCatalogApp` wraps them in an app. */
export function createCatalogRoutes(deps: { db: Database; verifier: TokenVerifier }): Routes {
  const routes = createRoutes({ verifier: deps.verifier });
  addMovieRoutes(routes, createMoviesService(deps));
  addTheaterRoutes(routes, createTheatersService(deps));
  addScreenRoutes(routes, createScreensService(deps));
  return routes;
}

export interface CatalogAppDeps {
  config: Pick<CatalogConfig, 'BODY_LIMIT'>;
  logger: Logger;
  db: Database;
  verifier: TokenVerifier;
  /** Defaults to a `select 1` against the database. */
  readiness?: ReadinessChecks;
  metrics?: Metrics;
}

export function createCatalogApp(deps: CatalogAppDeps): Express {
  return createServiceApp({
    name: 'catalog',
    logger: deps.logger,
    routes: createCatalogRoutes(deps),
    readiness: deps.readiness ?? { database: () => deps.db.execute(sql`select 1`) },
    bodyLimit: deps.config.BODY_LIMIT,
    metrics: deps.metrics,
    openapi: CATALOG_API_INFO,
  });
}
