// `npm start`: tracing first, then the whole platform in one process (platform.ts).
import { runMain } from '@marquee/kit/main';

await runMain('platform', async () => (await import('./platform.ts')).startPlatform());
