import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ContactStore, Stage } from '../contacts/index.js';
import type { Logger } from '../logging/index.js';
import { createRedis } from '../redis/index.js';
import type { ContactStages, StageResult } from './stages.js';

export const PIPELINE_STAGES = ['classify', 'route', 'handle'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export interface PipelineOptions {
  readonly redisUrl: string;
  /** BullMQ key prefix; tests give each run its own. */
  readonly prefix: string;
  readonly logger: Logger;
  /** Jobs each stage's worker runs at once. */
  readonly concurrency?: number;
  /** How long a contact may sit at a stage without moving before the recovery sweep enqueues it again. */
  readonly recoveryIdleMs?: number;
  readonly recoveryEveryMs?: number;
}

interface JobData {
  readonly contactId: string;
  readonly rev: number;
}

/** One job per contact, stage and revision: the id makes a second enqueue of the same step a no-op. */
export const jobId = (contactId: string, stage: PipelineStage, rev: number) => `${contactId}_${stage}_${rev}`;

const jobOptions = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 200 },
  // Kept for a while so that a duplicate enqueue finds the finished job; then gone.
  removeOnComplete: { age: 3600, count: 50_000 },
  removeOnFail: { age: 7 * 86_400 },
};

/** The three BullMQ queues a contact passes through: classify → route → handle. Producers only. */
export class ContactQueues {
  readonly #queues: Record<PipelineStage, Queue<JobData>>;

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
    logger?: Logger,
  ) {
    this.#queues = Object.fromEntries(PIPELINE_STAGES.map((stage) => [stage, new Queue<JobData>(`contacts-${stage}`, { connection, prefix })])) as Record<PipelineStage, Queue<JobData>>;
    // Without a listener BullMQ prints every connection error to the console; the connection logs outages once.
    for (const queue of Object.values(this.#queues)) queue.on('error', (error) => logger?.debug({ queue: queue.name, err: { message: error.message } }, 'queue error'));
  }

  queue(stage: PipelineStage): Queue<JobData> {
    return this.#queues[stage];
  }

  async enqueue(stage: PipelineStage, contactId: string, rev: number): Promise<void> {
    await this.#queues[stage].add(stage, { contactId, rev }, { ...jobOptions, jobId: jobId(contactId, stage, rev) });
  }

  /** Enqueues the step unless its job is there; a job that failed for good is retried. Returns what it did. */
  async ensure(stage: PipelineStage, contactId: string, rev: number): Promise<'present' | 'added' | 'retried'> {
    const existing = await this.#queues[stage].getJob(jobId(contactId, stage, rev));
    if (existing) {
      if (await existing.isFailed()) {
        await existing.retry();
        return 'retried';
      }
      if (await existing.isCompleted()) {
        // Done in Redis but not in the database (the process died in between): run it again, it is idempotent.
        await existing.remove();
        await this.enqueue(stage, contactId, rev);
        return 'added';
      }
      return 'present';
    }
    await this.enqueue(stage, contactId, rev);
    return 'added';
  }

  async counts(): Promise<Record<PipelineStage, Record<string, number>>> {
    const entries = await Promise.all(PIPELINE_STAGES.map(async (stage) => [stage, await this.#queues[stage].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')] as const));
    return Object.fromEntries(entries) as Record<PipelineStage, Record<string, number>>;
  }

  async close(): Promise<void> {
    await Promise.all(PIPELINE_STAGES.map((stage) => this.#queues[stage].close()));
  }
}

/** Workers for the three stages: each runs its stage and enqueues the next. Stalled jobs come back by BullMQ's lock. */
export class PipelineWorkers {
  readonly #workers: Worker<JobData>[];

  constructor(stages: ContactStages, queues: ContactQueues, options: PipelineOptions, onStage?: (stage: PipelineStage, ms: number, result: StageResult) => void) {
    const run: Record<PipelineStage, (id: string, rev: number) => Promise<StageResult>> = {
      classify: (id, rev) => stages.classify(id, rev),
      route: (id, rev) => stages.route(id, rev),
      handle: (id, rev) => stages.handle(id, rev),
    };
    this.#workers = PIPELINE_STAGES.map(
      (stage) =>
        new Worker<JobData>(
          `contacts-${stage}`,
          async (job: Job<JobData>) => {
            const started = performance.now();
            const result = await run[stage](job.data.contactId, job.data.rev);
            if (result.advanced && result.next !== 'done') await queues.enqueue(result.next as PipelineStage, job.data.contactId, job.data.rev);
            onStage?.(stage, performance.now() - started, result);
            return { advanced: result.advanced };
          },
          {
            connection: createRedis({ url: options.redisUrl, logger: options.logger, name: `worker-${stage}`, options: { maxRetriesPerRequest: null } }),
            prefix: options.prefix,
            concurrency: options.concurrency ?? 8,
            // A killed worker's jobs are taken up again after the lock runs out.
            lockDuration: 10_000,
            stalledInterval: 5_000,
          },
        ),
    );
    for (const worker of this.#workers) {
      worker.on('failed', (job, error) => options.logger.warn({ stage: worker.name, contactId: job?.data.contactId, attempt: job?.attemptsMade, err: { message: error.message } }, 'pipeline job failed'));
      worker.on('error', (error) => options.logger.debug({ stage: worker.name, err: { message: error.message } }, 'pipeline worker error'));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.close()));
  }
}

/**
 * Nothing in the database is lost to Redis: contacts whose pipeline has not finished and that have not moved
 * for a while get their current step enqueued again (a no-op when its job is still there). Runs on a timer and
 * whenever the Redis connection comes back.
 */
export class PipelineRecovery {
  readonly #timer: NodeJS.Timeout;
  #running = false;

  constructor(
    private readonly store: ContactStore,
    private readonly queues: ContactQueues,
    private readonly logger: Logger,
    private readonly idleMs = 3000,
    everyMs = 5000,
  ) {
    this.#timer = setInterval(() => void this.sweep(), everyMs).unref();
    queues.connection.on('ready', () => void this.sweep());
  }

  /** One pass; returns how many steps were enqueued again. */
  async sweep(): Promise<number> {
    if (this.#running) return 0;
    this.#running = true;
    let requeued = 0;
    try {
      for (const contact of await this.store.unfinished(this.idleMs)) {
        const stage = contact.stage as Exclude<Stage, 'done'>;
        const result = await this.queues.ensure(stage, contact.id, contact.rev);
        if (result !== 'present') requeued++;
      }
      if (requeued > 0) this.logger.info({ requeued }, 'contacts re-enqueued from the database');
    } catch (error) {
      this.logger.debug({ err: { message: (error as Error).message } }, 'recovery sweep could not finish (Redis or database down?)');
    } finally {
      this.#running = false;
    }
    return requeued;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Lets an HTTP request wait until its contact has been handled, on whichever node the workers run. */
export class HandledWaiter {
  readonly #events: QueueEvents;
  readonly #waiting = new Map<string, Set<() => void>>();

  constructor(options: PipelineOptions) {
    this.#events = new QueueEvents('contacts-handle', {
      connection: createRedis({ url: options.redisUrl, logger: options.logger, name: 'handled-events', options: { maxRetriesPerRequest: null } }),
      prefix: options.prefix,
    });
    this.#events.on('error', (error) => options.logger.debug({ err: { message: error.message } }, 'queue events error'));
    this.#events.on('completed', ({ jobId: id }) => this.#wake(id));
    this.#events.on('failed', ({ jobId: id }) => this.#wake(id));
  }

  async ready(): Promise<void> {
    await this.#events.waitUntilReady();
  }

  #wake(id: string): void {
    const waiters = this.#waiting.get(id);
    if (!waiters) return;
    this.#waiting.delete(id);
    for (const wake of waiters) wake();
  }

  /** Resolves true when the handle step finished, false after `timeoutMs`. Register before enqueueing. */
  wait(contactId: string, rev: number, timeoutMs: number): { done: Promise<boolean> } {
    const id = jobId(contactId, 'handle', rev);
    let resolve!: (value: boolean) => void;
    const done = new Promise<boolean>((r) => (resolve = r));
    const wake = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      this.#waiting.get(id)?.delete(wake);
      resolve(false);
    }, timeoutMs);
    const set = this.#waiting.get(id) ?? new Set();
    set.add(wake);
    this.#waiting.set(id, set);
    return { done };
  }

  async close(): Promise<void> {
    await this.#events.close();
  }
}
