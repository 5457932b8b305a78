// The platform started exactly as the README says (`npm start`), spoken to through the edge.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { freePort, spawnChild, waitUntilReady, type ChildHandle } from './e2e.test-support.ts';
import { describeBookingScenarios } from './booking.scenarios.ts';
import { describePlatformScenarios, type PlatformContext } from './platform.scenarios.ts';

let platform: ChildHandle | undefined;
let dataDir: string | undefined;
let base: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  platform = spawnChild(
    'npm start',
    'npm',
    ['start'],
    { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    { processGroup: true },
  );
  await waitUntilReady(base, [platform], 170_000);
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  // npm start's node may still be flushing its databases for a moment after npm exits.
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}, 30_000);

// The demo data loaded on a first start: twenty movies, three theaters, nine screens, and two
// weeks of showtimes on them.
const context = (): PlatformContext => ({
  base,
  admin: { email: 'admin@marquee.local', password: 'marquee-admin-demo' },
  customer: { email: 'customer@marquee.local', password: 'marquee-customer-demo' },
  catalog: { movies: 20, theaters: 3, minScreens: 8 },
  demoSchedule: true,
  staff: { email: 'staff@marquee.local', password: 'marquee-staff-demo' },
});

describePlatformScenarios('embedded platform through the edge', context);
describeBookingScenarios('embedded booking through the edge', context);
