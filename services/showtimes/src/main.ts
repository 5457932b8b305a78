// The showtimes process: tracing first, then the service (see @marquee/kit/main).
import { runMain } from '@marquee/kit/main';

await runMain('showtimes', async () => (await import('./service.ts')).startShowtimes());
