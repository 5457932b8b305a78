// Screens and their seat layouts: every layout change is a new version; old versions stay readable.
import { layoutCapacity, type LayoutCapacity, type SeatLayout } from '@marquee/contracts/layouts';
import { isUniqueViolation, type Database } from '@marquee/kit/db';
import { conflict, notFound } from '@marquee/kit/errors';
import {
  createScreensRepository,
  type LayoutRecord,
  type ScreenRecord,
} from '../db/screens.repository.ts';
import { createTheatersRepository } from '../db/theaters.repository.ts';
import { assertValidLayout, sameLayout } from './layout-rules.ts';
import { theaterNotFound } from './theaters.service.ts';

export interface ScreenSummary {
  id: string;
  theaterId: string;
  name: string;
  /** The current layout version. */
  layoutVersion: number;
  seatCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ScreenDetail extends ScreenSummary {
  layout: SeatLayout;
  capacity: LayoutCapacity;
}

export interface LayoutVersion {
  theaterId: string;
  screenId: string;
  version: number;
  /** Whether this is the version new showtimes get. */
  current: boolean;
  layout: SeatLayout;
  capacity: LayoutCapacity;
  createdAt: string;
}

const toSummary = (screen: ScreenRecord, seatCount: number): ScreenSummary => ({
  id: screen.id,
  theaterId: screen.theaterId,
  name: screen.name,
  layoutVersion: screen.currentLayoutVersion,
  seatCount,
  createdAt: screen.createdAt.toISOString(),
  updatedAt: screen.updatedAt.toISOString(),
});

const toDetail = (screen: ScreenRecord, layout: LayoutRecord): ScreenDetail => ({
  ...toSummary(screen, layout.seatCount),
  layout: layout.layout,
  capacity: layoutCapacity(layout.layout),
});

const screenNotFound = (theaterId: string, screenId: string) =>
  notFound(`Theater ${theaterId} has no screen with id ${screenId}.`);

export function createScreensService(deps: { db: Database }) {
  const screens = createScreensRepository(deps.db);
  const theaters = createTheatersRepository(deps.db);

  const assertTheaterExists = async (theaterId: string) => {
    if (!(await theaters.findById(theaterId))) throw theaterNotFound(theaterId);
  };

  return {
    async create(
      theaterId: string,
      input: { name: string; layout: SeatLayout },
    ): Promise<ScreenDetail> {
      assertValidLayout(input.layout);
      await assertTheaterExists(theaterId);
      try {
        const { screen, layout } = await screens.insert({
          theaterId,
          name: input.name,
          layout: input.layout,
          seatCount: layoutCapacity(input.layout).total,
        });
        return toDetail(screen, layout);
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict(`This theater already has a screen named "${input.name}".`);
        throw err;
      }
    },

    async list(theaterId: string): Promise<ScreenSummary[]> {
      await assertTheaterExists(theaterId);
      const rows = await screens.listByTheater(theaterId);
      return rows.map((row) => toSummary(row, row.seatCount));
    },

    async get(theaterId: string, screenId: string): Promise<ScreenDetail> {
      const found = await screens.findWithCurrentLayout(theaterId, screenId);
      if (!found) throw screenNotFound(theaterId, screenId);
      return toDetail(found.screen, found.layout);
    },

    async getLayoutVersion(
      theaterId: string,
      screenId: string,
      version: number,
    ): Promise<LayoutVersion> {
      const found = await screens.findLayoutVersion(theaterId, screenId, version);
      if (!found) {
        if (!(await screens.findWithCurrentLayout(theaterId, screenId)))
          throw screenNotFound(theaterId, screenId);
        throw notFound(`Screen ${screenId} has no layout version ${version}.`);
      }
      return {
        theaterId,
        screenId,
        version: found.layout.version,
        current: found.layout.version === found.screen.currentLayoutVersion,
        layout: found.layout.layout,
        capacity: layoutCapacity(found.layout.layout),
        createdAt: found.layout.createdAt.toISOString(),
      };
    },

    /**
     * Makes `layout` the screen's current layout as a new version. Sending the current layout
     * again writes nothing, so a retried request does not pile up identical versions.
     */
    async replaceLayout(
      theaterId: string,
      screenId: string,
      layout: SeatLayout,
    ): Promise<{ screen: ScreenDetail; created: boolean }> {
      assertValidLayout(layout);
      const result = await screens.addLayoutVersion({
        theaterId,
        screenId,
        layout,
        seatCount: layoutCapacity(layout).total,
        isUnchanged: (current) => sameLayout(current, layout),
      });
      if (!result) throw screenNotFound(theaterId, screenId);
      return { screen: toDetail(result.screen, result.layout), created: result.created };
    },
  };
}

export type ScreensService = ReturnType<typeof createScreensService>;
