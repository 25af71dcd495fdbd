import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DomainEvents } from '../events/index.js';
import type { AgentQueues } from '../viderestilling/index.js';

/** Prometheus metrics of one process (GET /metrics). Fed by the domain events; queue gauges read on scrape. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly contacts = new Counter({ name: 'en_indgang_contacts_total', help: 'Henvendelser received, by channel', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly decisions = new Counter({ name: 'en_indgang_decisions_total', help: 'Routing decisions, by handling and scenario', labelNames: ['handling', 'scenario'] as const, registers: [this.registry] });
  readonly handled = new Counter({ name: 'en_indgang_contacts_handled_total', help: 'Contacts through the pipeline, by resulting status', labelNames: ['status'] as const, registers: [this.registry] });
  readonly stageSeconds = new Histogram({
    name: 'en_indgang_pipeline_stage_seconds',
    help: 'Time of one pipeline stage',
    labelNames: ['stage'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly httpSeconds = new Histogram({
    name: 'en_indgang_http_request_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(events: DomainEvents, queues?: AgentQueues) {
    collectDefaultMetrics({ register: this.registry, prefix: 'en_indgang_' });
    events.on('contact.created', (e) => this.contacts.inc({ channel: String(e.data.channel ?? 'unknown') }));
    events.on('contact.decided', (e) => this.decisions.inc({ handling: String(e.data.handling), scenario: String(e.data.scenario) }));
    events.on('*', (e) => {
      if (e.type !== 'contact.decided' && e.type !== 'contact.created' && typeof e.data.status === 'string') this.handled.inc({ status: e.data.status });
    });
    if (queues) {
      // One read of the queues per scrape; the first gauge (collected first) sets both.
      const oldest = new Gauge({ name: 'en_indgang_queue_oldest_wait_seconds', help: 'Longest current wait, by queue', labelNames: ['queue'] as const, registers: [] });
      const waiting = new Gauge({
        name: 'en_indgang_queue_waiting',
        help: 'Contacts waiting for a serviceformidler, by queue',
        labelNames: ['queue'] as const,
        registers: [this.registry],
        async collect() {
          const stats = await queues.stats();
          this.reset();
          oldest.reset();
          for (const s of stats) {
            this.set({ queue: s.queue }, s.waiting);
            oldest.set({ queue: s.queue }, s.oldestWaitMs / 1000);
          }
        },
      });
      void waiting;
      this.registry.registerMetric(oldest);
    }
  }
}
