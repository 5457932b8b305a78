// One vitest run for the whole tree: unit tests beside the code, integration and end-to-end tests
// (*.int.test.ts, *.e2e.test.ts) against real PostgreSQL, Redis and RabbitMQ.
import { defineConfig } from 'vitest/config';

const everywhere = ['packages/*/src/**', 'services/*/src/**', 'services/*/test/**', 'operator/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: everywhere.map((d) => `${d}/*.test.ts`),
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: everywhere.flatMap((d) => [`${d}/*.int.test.ts`, `${d}/*.e2e.test.ts`]),
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
