// The booking process: tracing first, then the service (see @marquee/kit/main).
import { runMain } from '@marquee/kit/main';

await runMain('booking', async () => (await import('./service.ts')).startBooking());
