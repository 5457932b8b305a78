// Screens and their layout versions in PostgreSQL. A new layout is a new row; old rows never change.
import type { SeatLayout } from '@marquee/contracts/layouts';
import type { Queryable } from '@marquee/kit/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import { screenLayouts, screens } from './schema.ts';

export type ScreenRecord = typeof screens.$inferSelect;
export type LayoutRecord = typeof screenLayouts.$inferSelect;

/** A screen with the numbers of its current layout. */
export interface ScreenSummaryRecord extends ScreenRecord {
  seatCount: number;
}

const currentLayoutJoin = and(
  eq(screenLayouts.screenId, screens.id),
  eq(screenLayouts.version, screens.currentLayoutVersion),
);

export function createScreensRepository(db: Queryable) {
  return {
    /** Inserts the screen and its layout version 1 together. */
    insert(values: { theaterId: string; name: string; layout: SeatLayout; seatCount: number }) {
      return db.transaction(async (tx) => {
        const [screen] = await tx
          .insert(screens)
          .values({ theaterId: values.theaterId, name: values.name, currentLayoutVersion: 1 })
          .returning();
        const created = screen as ScreenRecord;
        const [layout] = await tx
          .insert(screenLayouts)
          .values({
            screenId: created.id,
            version: 1,
            layout: values.layout,
            seatCount: values.seatCount,
          })
          .returning();
        return { screen: created, layout: layout as LayoutRecord };
      });
    },

    async listByTheater(theaterId: string): Promise<ScreenSummaryRecord[]> {
      const rows = await db
        .select({ screen: screens, seatCount: screenLayouts.seatCount })
        .from(screens)
        .innerJoin(screenLayouts, currentLayoutJoin)
        .where(eq(screens.theaterId, theaterId))
        .orderBy(asc(screens.name), asc(screens.id));
      return rows.map((r) => ({ ...r.screen, seatCount: r.seatCount }));
    },

    async findWithCurrentLayout(
      theaterId: string,
      screenId: string,
    ): Promise<{ screen: ScreenRecord; layout: LayoutRecord } | undefined> {
      const [row] = await db
        .select({ screen: screens, layout: screenLayouts })
        .from(screens)
        .innerJoin(screenLayouts, currentLayoutJoin)
        .where(and(eq(screens.theaterId, theaterId), eq(screens.id, screenId)));
      return row;
    },

    async findLayoutVersion(
      theaterId: string,
      screenId: string,
      version: number,
    ): Promise<{ screen: ScreenRecord; layout: LayoutRecord } | undefined> {
      const [row] = await db
        .select({ screen: screens, layout: screenLayouts })
        .from(screens)
        .innerJoin(screenLayouts, eq(screenLayouts.screenId, screens.id))
        .where(
          and(
            eq(screens.theaterId, theaterId),
            eq(screens.id, screenId),
            eq(screenLayouts.version, version),
          ),
        );
      return row;
    },

    /**
     * Writes the next layout version and makes it current, unless `isUnchanged` says the current
     * layout already is the wanted one (then nothing is written). The screen row is locked first,
     * so concurrent writers queue up and each sees the version the previous one wrote.
     */
    addLayoutVersion(values: {
      theaterId: string;
      screenId: string;
      layout: SeatLayout;
      seatCount: number;
      isUnchanged: (current: SeatLayout) => boolean;
    }) {
      return db.transaction(async (tx) => {
        // Lock first, read after: a join under FOR UPDATE would be re-checked against the
        // layout row of the old snapshot once the lock is granted, and find nothing.
        const [locked] = await tx
          .select({ id: screens.id })
          .from(screens)
          .where(and(eq(screens.id, values.screenId), eq(screens.theaterId, values.theaterId)))
          .for('update');
        if (!locked) return undefined;
        const [current] = await tx
          .select({ screen: screens, layout: screenLayouts })
          .from(screens)
          .innerJoin(screenLayouts, currentLayoutJoin)
          .where(eq(screens.id, locked.id));
        if (!current) return undefined;
        if (values.isUnchanged(current.layout.layout)) return { ...current, created: false };

        const [screen] = await tx
          .update(screens)
          .set({
            currentLayoutVersion: sql`${screens.currentLayoutVersion} + 1`,
            updatedAt: sql`now()`,
          })
          .where(eq(screens.id, values.screenId))
          .returning();
        const updated = screen as ScreenRecord;
        const [layout] = await tx
          .insert(screenLayouts)
          .values({
            screenId: updated.id,
            version: updated.currentLayoutVersion,
            layout: values.layout,
            seatCount: values.seatCount,
          })
          .returning();
        return { screen: updated, layout: layout as LayoutRecord, created: true };
      });
    },
  };
}

export type ScreensRepository = ReturnType<typeof createScreensRepository>;
