// The payments process: tracing first, then the service (see @marquee/kit/main).
import { runMain } from '@marquee/kit/main';

await runMain('payments', async () => (await import('./service.ts')).startPayments());
