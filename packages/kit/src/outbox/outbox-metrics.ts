// Prometheus metrics of the outbox relay: throughput, failures, and how far behind it is.
import { min, isNull } from 'drizzle-orm';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '../db/index.ts';
import { outbox } from '../tables/index.ts';

export interface OutboxMetrics {
  published(count: number, delaysSeconds: number[]): void;
  failed(count: number): void;
}

const noMetrics: OutboxMetrics = { published() {}, failed() {} };

/** One relay per registry: the lag gauge reads the database of the relay that registered it. */
export function createOutboxMetrics(registry: Registry | undefined, db: Database): OutboxMetrics {
  if (!registry) return noMetrics;
  const existing = registry.getSingleMetric('outbox_events_published_total');
  if (existing) throw new Error('outbox metrics are already registered in this registry');

  const publishedTotal = new Counter({
    name: 'outbox_events_published_total',
    help: 'Events relayed from the outbox to the broker and confirmed',
    registers: [registry],
  });
  const failedTotal = new Counter({
    name: 'outbox_publish_failures_total',
    help: 'Outbox events the broker did not confirm (they are tried again)',
    registers: [registry],
  });
  const delay = new Histogram({
    name: 'outbox_publish_delay_seconds',
    help: 'Time from an event being committed to the outbox to the broker confirming it',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers: [registry],
  });
  new Gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest event still waiting in the outbox (0 when none)',
    registers: [registry],
    async collect() {
      // Read at scrape time so a stuck relay still shows a growing lag. A failing database must
      // not fail the whole scrape: the gauge keeps its last value.
      try {
        const [row] = await db
          .select({ oldest: min(outbox.occurredAt) })
          .from(outbox)
          .where(isNull(outbox.publishedAt));
        const oldest = row?.oldest;
        this.set(oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0);
      } catch {
        // the readiness probe reports the database
      }
    },
  });

  return {
    published(count, delaysSeconds) {
      publishedTotal.inc(count);
      for (const seconds of delaysSeconds) delay.observe(seconds);
    },
    failed(count) {
      failedTotal.inc(count);
    },
  };
}
