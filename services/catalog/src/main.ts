// The catalog process: tracing first, then the service (see @marquee/kit/main).
import { runMain } from '@marquee/kit/main';

await runMain('catalog', async () => (await import('./service.ts')).startCatalog());
