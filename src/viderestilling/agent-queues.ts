import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../persistence/index.js';

export interface AgentQueueOptions {
  /** How long an offer waits for the serviceformidler to accept before it goes to the next one. */
  readonly offerTimeoutMs: number;
  /** The service goal: after this wait the contact is offered to the whole first-line team, after twice it to everyone. */
  readonly serviceGoalMs: number;
  /** Service goals of single units (the unit of a queue `<first line>/<unit>`), where they differ from the default. */
  readonly unitServiceGoalsMs?: ReadonlyMap<string, number>;
  /** Average handling time of one contact, for the expected wait. */
  readonly averageHandleMs: number;
}

export const defaultAgentQueueOptions: AgentQueueOptions = { offerTimeoutMs: 30_000, serviceGoalMs: 10 * 60_000, averageHandleMs: 4 * 60_000 };

export interface Agent {
  readonly id: string;
  readonly name: string;
  /** Queues (`en-indgang/suf-hjemmepleje-4`) or whole first-line teams (`en-indgang`) this person serves; `*` for all. */
  readonly teams: readonly string[];
  readonly capacity: number;
  readonly available: boolean;
}

export interface WaitingEntry {
  readonly contactId: string;
  readonly queue: string;
  readonly team: string;
  readonly enqueuedAt: string;
  readonly state: 'waiting' | 'offered' | 'assigned' | 'done';
  readonly escalation: number;
  readonly agentId: string | null;
  readonly offerExpiresAt: string | null;
  readonly note: string | null;
}

export interface Offer {
  readonly contactId: string;
  readonly agentId: string;
  readonly queue: string;
  readonly expiresAt: string;
}

export interface QueueStats {
  readonly queue: string;
  readonly waiting: number;
  readonly offered: number;
  readonly assigned: number;
  readonly oldestWaitMs: number;
}

type Row = DatabaseSchema['waiting'];
const toEntry = (r: Row): WaitingEntry => ({
  contactId: r.contact_id,
  queue: r.queue,
  team: r.team,
  enqueuedAt: r.enqueued_at,
  state: r.state as WaitingEntry['state'],
  escalation: Number(r.escalation),
  agentId: r.agent_id,
  offerExpiresAt: r.offer_expires_at,
  note: r.note,
});

/** The teams that may take an entry: its own queue; at escalation 1 its whole first line; at 2 anyone. */
export function eligibleTeams(entry: Pick<WaitingEntry, 'queue' | 'team' | 'escalation'>): string[] {
  return [entry.queue, ...(entry.escalation >= 1 ? [entry.team] : []), ...(entry.escalation >= 2 ? ['*'] : [])];
}

/**
 * Viderestilling: queues per first-line team and unit, longest-waiting first, offered to one available
 * serviceformidler at a time. Every change is a conditional update, so several nodes can dispatch at once
 * without offering one contact twice.
 */
export class AgentQueues {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    readonly options: AgentQueueOptions = defaultAgentQueueOptions,
  ) {}

  /** Puts a contact in a queue once (a second call changes nothing); returns whether this call did. */
  async enqueue(contactId: string, queue: string, now = new Date()): Promise<boolean> {
    const team = queue.split('/')[0]!;
    const result = await this.db
      .insertInto('waiting')
      .values({ contact_id: contactId, queue, team, enqueued_at: now.toISOString(), state: 'waiting', escalation: 0, agent_id: null, offer_expires_at: null, declined_by: '[]', note: null })
      .onConflict((oc) => oc.column('contact_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async entry(contactId: string): Promise<WaitingEntry | undefined> {
    const row = await this.db.selectFrom('waiting').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  /** Place in the queue (1 = next) and expected wait, for a waiting contact. */
  async position(contactId: string): Promise<{ position: number; expectedWaitMs: number } | undefined> {
    const entry = await this.entry(contactId);
    if (!entry || entry.state !== 'waiting') return undefined;
    const ahead = await this.db
      .selectFrom('waiting')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('queue', '=', entry.queue)
      .where('state', '=', 'waiting')
      .where((eb) => eb.or([eb('enqueued_at', '<', entry.enqueuedAt), eb.and([eb('enqueued_at', '=', entry.enqueuedAt), eb('contact_id', '<', entry.contactId)])]))
      .executeTakeFirstOrThrow();
    const agents = (await this.agents()).filter((a) => a.available && a.teams.some((t) => eligibleTeams(entry).includes(t) || t === '*'));
    const capacity = Math.max(1, agents.reduce((sum, a) => sum + a.capacity, 0));
    const position = Number(ahead.n) + 1;
    return { position, expectedWaitMs: Math.round((position * this.options.averageHandleMs) / capacity) };
  }

  async upsertAgent(agent: Agent, now = new Date()): Promise<void> {
    await this.db
      .insertInto('agents')
      .values({ id: agent.id, name: agent.name, teams: JSON.stringify(agent.teams), capacity: agent.capacity, available: agent.available ? 1 : 0, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: agent.name, teams: JSON.stringify(agent.teams), capacity: agent.capacity, available: agent.available ? 1 : 0, updated_at: now.toISOString() }))
      .execute();
  }

  async agents(): Promise<Agent[]> {
    const rows = await this.db.selectFrom('agents').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, teams: JSON.parse(r.teams) as string[], capacity: Number(r.capacity), available: Number(r.available) === 1 }));
  }

  /**
   * One round of dispatching: expired offers go back to the queue (and not to the same person again), waits past
   * the service goal escalate, and every waiting contact, longest-waiting first, is offered to one available
   * serviceformidler with room. Returns the offers made.
   */
  async dispatch(now = new Date()): Promise<Offer[]> {
    const iso = now.toISOString();
    const expired = await this.db.selectFrom('waiting').selectAll().where('state', '=', 'offered').where('offer_expires_at', '<', iso).execute();
    for (const row of expired) {
      const declined = [...new Set([...(JSON.parse(row.declined_by) as string[]), row.agent_id!])];
      await this.db
        .updateTable('waiting')
        .set({ state: 'waiting', agent_id: null, offer_expires_at: null, declined_by: JSON.stringify(declined) })
        .where('contact_id', '=', row.contact_id)
        .where('state', '=', 'offered')
        .where('offer_expires_at', '=', row.offer_expires_at)
        .execute();
    }
    // Escalation: past the queue's unit's service goal to the whole first-line team, past twice it to anyone.
    const candidates = await this.db.selectFrom('waiting').select(['contact_id', 'queue', 'enqueued_at', 'escalation']).where('state', '=', 'waiting').where('escalation', '<', 2).execute();
    for (const row of candidates) {
      const goal = this.serviceGoalOf(row.queue);
      const waited = now.getTime() - Date.parse(row.enqueued_at);
      const level = waited > 2 * goal ? 2 : waited > goal ? 1 : 0;
      if (level > Number(row.escalation)) {
        await this.db.updateTable('waiting').set({ escalation: level }).where('contact_id', '=', row.contact_id).where('escalation', '<', level).execute();
      }
    }

    const agents = (await this.agents()).filter((a) => a.available);
    if (agents.length === 0) return [];
    const load = new Map<string, number>();
    const busy = await this.db.selectFrom('waiting').select(['agent_id']).where('state', 'in', ['offered', 'assigned']).execute();
    for (const b of busy) if (b.agent_id) load.set(b.agent_id, (load.get(b.agent_id) ?? 0) + 1);

    const waiting = await this.db.selectFrom('waiting').selectAll().where('state', '=', 'waiting').orderBy('enqueued_at').orderBy('contact_id').limit(500).execute();
    const offers: Offer[] = [];
    for (const row of waiting) {
      const entry = toEntry(row);
      const teams = eligibleTeams(entry);
      const declined = JSON.parse(row.declined_by) as string[];
      // Longest idle first among those who can take it: the one with the most room left.
      const candidate = agents
        .filter((a) => (load.get(a.id) ?? 0) < a.capacity && !declined.includes(a.id) && a.teams.some((t) => t === '*' || teams.includes(t)))
        .sort((x, y) => (load.get(x.id) ?? 0) - x.capacity - ((load.get(y.id) ?? 0) - y.capacity))[0];
      if (!candidate) continue;
      const expiresAt = new Date(now.getTime() + this.options.offerTimeoutMs).toISOString();
      const result = await this.db
        .updateTable('waiting')
        .set({ state: 'offered', agent_id: candidate.id, offer_expires_at: expiresAt })
        .where('contact_id', '=', entry.contactId)
        .where('state', '=', 'waiting')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) continue;
      load.set(candidate.id, (load.get(candidate.id) ?? 0) + 1);
      offers.push({ contactId: entry.contactId, agentId: candidate.id, queue: entry.queue, expiresAt });
    }
    return offers;
  }

  /** The service goal of a queue `<first line>/<unit>`: its unit's, else the default. */
  serviceGoalOf(queue: string): number {
    return this.options.unitServiceGoalsMs?.get(queue.split('/')[1] ?? '') ?? this.options.serviceGoalMs;
  }

  /** The serviceformidler takes the offered contact. False when the offer is not theirs (any more). */
  async accept(contactId: string, agentId: string): Promise<boolean> {
    const result = await this.db.updateTable('waiting').set({ state: 'assigned', offer_expires_at: null }).where('contact_id', '=', contactId).where('state', '=', 'offered').where('agent_id', '=', agentId).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Declines an offer: back in the queue at its old place, not offered to this person again. */
  async decline(contactId: string, agentId: string): Promise<boolean> {
    const row = await this.db.selectFrom('waiting').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
    if (!row || row.state !== 'offered' || row.agent_id !== agentId) return false;
    const declined = [...new Set([...(JSON.parse(row.declined_by) as string[]), agentId])];
    const result = await this.db.updateTable('waiting').set({ state: 'waiting', agent_id: null, offer_expires_at: null, declined_by: JSON.stringify(declined) }).where('contact_id', '=', contactId).where('state', '=', 'offered').where('agent_id', '=', agentId).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Moves a contact to another queue with a note for the next person; it keeps its place in time. */
  async transfer(contactId: string, queue: string, note: string): Promise<boolean> {
    const result = await this.db
      .updateTable('waiting')
      .set({ queue, team: queue.split('/')[0]!, state: 'waiting', agent_id: null, offer_expires_at: null, escalation: 0, declined_by: '[]', note })
      .where('contact_id', '=', contactId)
      .where('state', '!=', 'done')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async finish(contactId: string): Promise<boolean> {
    const result = await this.db.updateTable('waiting').set({ state: 'done', offer_expires_at: null }).where('contact_id', '=', contactId).where('state', '!=', 'done').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Per queue: how many wait, are offered, are being served, and the oldest wait — for supervisors. */
  async stats(now = new Date()): Promise<QueueStats[]> {
    const rows = await this.db.selectFrom('waiting').select(['queue', 'state', 'enqueued_at']).where('state', '!=', 'done').execute();
    const byQueue = new Map<string, { waiting: number; offered: number; assigned: number; oldest: number }>();
    for (const r of rows) {
      const s = byQueue.get(r.queue) ?? { waiting: 0, offered: 0, assigned: 0, oldest: 0 };
      if (r.state === 'waiting') {
        s.waiting++;
        s.oldest = Math.max(s.oldest, now.getTime() - Date.parse(r.enqueued_at));
      } else if (r.state === 'offered') s.offered++;
      else s.assigned++;
      byQueue.set(r.queue, s);
    }
    return [...byQueue].map(([queue, s]) => ({ queue, waiting: s.waiting, offered: s.offered, assigned: s.assigned, oldestWaitMs: s.oldest })).sort((a, b) => b.oldestWaitMs - a.oldestWaitMs);
  }
}
