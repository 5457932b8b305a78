// The identity process: tracing first, then the service (see @marquee/kit/main).
import { runMain } from '@marquee/kit/main';

await runMain('identity', async () => (await import('./service.ts')).startIdentity());
