import type { Bookings, Slot } from '../booking/index.js';
import type { Classification } from '../classifier/index.js';
import type { Contact, ContactStatus, ContactStore, Stage } from '../contacts/index.js';
import type { DomainEvents } from '../events/index.js';
import type { FagsystemRegistry } from '../fagsystemer/index.js';
import type { Logger } from '../logging/index.js';
import type { Notifier } from '../notifications/index.js';
import { decide, type ActiveScenario, type CitizenFacts } from '../routing/index.js';
import type { GivenCitizenFacts, Triage, TriageResult } from '../triage/index.js';
import type { AgentQueues } from '../viderestilling/index.js';

export interface StageDependencies {
  readonly store: ContactStore;
  readonly triage: Triage;
  readonly active: ActiveScenario;
  readonly bookings: Bookings;
  readonly queues: AgentQueues;
  readonly fagsystemer: FagsystemRegistry;
  readonly notifier: Notifier;
  readonly events: DomainEvents;
  readonly logger: Logger;
  /**
   * The moment the routing decision is made for (opening hours decide between a queue and an offer); absent: now.
   * Only the decision: queue times, slots and events stay on the real clock that the dispatcher also reads. Tests
   * pin it to a weekday morning so that what they assert does not depend on when they run.
   */
  readonly decisionClock?: () => Date;
}

/** What a stage did: moved the contact on (to `next`), or found it already moved by another run. */
export type StageResult = { readonly advanced: true; readonly next: Stage } | { readonly advanced: false };

/** What happens next for the citizen, stored as the contact's outcome. */
export type Outcome =
  | { kind: 'answered'; answers: string[]; selfService: { title: string; url: string } | null; sources: string[] }
  | { kind: 'queued'; queue: string }
  | { kind: 'booking-offered'; unit: string; slots: Slot[] }
  | { kind: 'cancelled'; reference: string; unit: string; startsAt: string }
  | { kind: 'ask'; missing: string[] }
  | { kind: 'booked'; reference: string; unit: string; startsAt: string };

const QUESTIONS: Record<string, string> = {
  age: 'Hvor gammel er du – eller den, det drejer sig om?',
  requesterType: 'Henvender du dig som privatperson eller som virksomhed?',
  longBenefitSeniority: 'Log ind med MitID, så kan jeg se din sag og sende dig det rigtige sted hen.',
  aktivitetsparat: 'Log ind med MitID, så kan jeg se din sag og sende dig det rigtige sted hen.',
  mitid: 'Log ind med MitID, så kan jeg finde din tid.',
  booking: 'Jeg kan ikke finde en tid i dit navn. Skriv bookingnummeret (KK-…) fra din bekræftelse.',
};

const STATUS_EVENT: Record<ContactStatus, string> = {
  received: 'contact.created',
  decided: 'contact.decided',
  resolved: 'contact.resolved',
  queued: 'contact.queued',
  offered: 'contact.offered',
  assigned: 'contact.assigned',
  booking: 'contact.booking-offered',
  booked: 'contact.booked',
  cancelled: 'contact.cancelled',
  'awaiting-citizen': 'contact.awaiting-citizen',
  closed: 'contact.closed',
};

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/**
 * The three pipeline stages. Each reads the contact from the database, does its work, and moves the contact on
 * with a conditional update; every effect has a unique key, so a job that runs twice does nothing twice.
 */
export class ContactStages {
  constructor(private readonly deps: StageDependencies) {}

  #now(): Date {
    return new Date();
  }

  async #current(contactId: string, stage: Stage, rev: number): Promise<Contact | undefined> {
    const contact = await this.deps.store.get(contactId);
    return contact && contact.stage === stage && contact.rev === rev ? contact : undefined;
  }

  async #citizenTexts(contactId: string): Promise<{ first: string; later: string[] }> {
    const messages = (await this.deps.store.messages(contactId)).filter((m) => m.author === 'citizen');
    return { first: messages[0]?.text ?? '', later: messages.slice(1).map((m) => m.text) };
  }

  async classify(contactId: string, rev: number): Promise<StageResult> {
    const contact = await this.#current(contactId, 'classify', rev);
    if (!contact) return { advanced: false };
    const { first, later } = await this.#citizenTexts(contactId);
    const { classification, facts } = this.deps.triage.understand(first, contact.citizen as GivenCitizenFacts, later);
    const moved = await this.deps.store.advance(contactId, 'classify', rev, 'route', { classification: { ...classification, facts } }, {
      type: 'contact.classified',
      data: { outcome: classification.outcome, group: classification.group, confidence: Math.round(classification.confidence * 1000) / 1000, needs: classification.needs.length },
    });
    return moved ? { advanced: true, next: 'route' } : { advanced: false };
  }

  async route(contactId: string, rev: number): Promise<StageResult> {
    const contact = await this.#current(contactId, 'route', rev);
    if (!contact?.classification) return { advanced: false };
    const { facts, ...classification } = contact.classification as unknown as Classification & { facts: CitizenFacts };
    // The table active now; the decision is stored with the contact and kept, whatever is switched later.
    const table = this.deps.active.current.table;
    const decision = decide(classification, facts, table, this.deps.decisionClock?.() ?? this.#now());
    const result = this.deps.triage.present(classification, facts, decision);
    const moved = await this.deps.store.advance(contactId, 'route', rev, 'handle', { status: 'decided', decision: result }, {
      type: 'contact.decided',
      data: { scenario: result.scenario, group: result.group, kontaktcenter: result.kontaktcenter, forvaltning: result.forvaltning, firstLine: result.firstLine, handling: result.handling, queue: result.queue, missing: result.missing },
    });
    if (moved) this.#publish(contactId, 'contact.decided', { scenario: result.scenario, handling: result.handling, group: result.group });
    return moved ? { advanced: true, next: 'handle' } : { advanced: false };
  }

  async handle(contactId: string, rev: number): Promise<StageResult> {
    const contact = await this.#current(contactId, 'handle', rev);
    if (!contact?.decision) return { advanced: false };
    const decision = contact.decision as unknown as TriageResult;
    const { status, outcome } = await this.#effect(contact, decision);
    const moved = await this.deps.store.advance(contactId, 'handle', rev, 'done', { status, outcome }, { type: STATUS_EVENT[status], data: { ...outcomeSummary(outcome) } });
    if (moved) this.#publish(contactId, STATUS_EVENT[status], { status, handling: decision.handling, queue: decision.queue });
    return moved ? { advanced: true, next: 'done' } : { advanced: false };
  }

  async #effect(contact: Contact, decision: TriageResult): Promise<{ status: ContactStatus; outcome: Outcome }> {
    const { store } = this.deps;
    const key = (what: string) => `${contact.id}:${contact.rev}:${what}`;
    const blocking = decision.missing.filter((m) => m !== 'bydel');
    if (blocking.length > 0) {
      await store.addMessage(contact.id, 'bot', [...new Set(blocking.map((m) => QUESTIONS[m] ?? `Jeg mangler at vide: ${m}`))].join(' '), key('ask'));
      return { status: 'awaiting-citizen', outcome: { kind: 'ask', missing: blocking } };
    }
    const intent = this.deps.triage.knowledgeBase.intent(decision.intents[0]?.intent ?? '');
    const citizenRef = typeof contact.citizen.ref === 'string' ? contact.citizen.ref : null;
    const { first } = await this.#citizenTexts(contact.id);

    if (decision.handling === 'straksafklaring') {
      const answers: string[] = [];
      const sources: string[] = [];
      // Every need the bot can answer at once is answered, the primary first.
      for (const need of decision.intents) {
        const known = this.deps.triage.knowledgeBase.intent(need.intent);
        if (!known || known.handling !== 'straksafklaring') continue;
        const system = this.deps.fagsystemer.forIntent(known.id);
        const status = system ? await system.lookup({ intent: known.id, citizenRef, caseNumber: /\b(\d{4}-\d{4})\b/.exec(first)?.[1] ?? null, now: this.#now() }) : null;
        if (status) sources.push(status.source);
        answers.push(status ? `${status.text} ${known.selfService ? `Se også ${known.selfService.url}` : ''}`.trim() : known.answer);
      }
      for (const [i, answer] of answers.entries()) await store.addMessage(contact.id, 'bot', answer, key(`answer-${i}`));
      return { status: 'resolved', outcome: { kind: 'answered', answers, selfService: decision.selfService, sources } };
    }

    if (decision.handling === 'viderestilling' && decision.queue) {
      await this.deps.queues.enqueue(contact.id, decision.queue, this.#now());
      const place = await this.deps.queues.position(contact.id);
      await store.addMessage(
        contact.id,
        'bot',
        place ? `Jeg stiller dig videre. Du er nummer ${place.position} i køen; forventet ventetid cirka ${Math.max(1, Math.round(place.expectedWaitMs / 60_000))} minutter.` : 'Jeg stiller dig videre til en medarbejder.',
        key('queued'),
      );
      return { status: 'queued', outcome: { kind: 'queued', queue: decision.queue } };
    }

    // Tidsbestilling (also what a closed first line offers instead of a queue).
    const unit = decision.kontaktcenter ?? (decision.group ? this.deps.triage.registry.unitsOf(decision.group)[0]?.id : undefined) ?? decision.firstLine ?? 'kff-koebenhavns-kontaktcenter';
    if (intent?.booking === 'change' && decision.handling === 'tidsbestilling') {
      if (!citizenRef) {
        await store.addMessage(contact.id, 'bot', QUESTIONS.mitid!, key('ask'));
        return { status: 'awaiting-citizen', outcome: { kind: 'ask', missing: ['mitid'] } };
      }
      const [booking] = await this.deps.bookings.activeFor(citizenRef, unit);
      if (!booking) {
        await store.addMessage(contact.id, 'bot', QUESTIONS.booking!, key('ask'));
        return { status: 'awaiting-citizen', outcome: { kind: 'ask', missing: ['booking'] } };
      }
      const { booking: cancelled } = await this.deps.bookings.cancel(booking.id, first);
      // The caseworker is told once: the event's unique key is taken before the notification goes.
      if (await store.addEvent(contact.id, 'booking.cancel-notified', { reference: cancelled.reference, unit }, `${cancelled.id}:cancel-notified`)) {
        await this.deps.notifier.notify({ kind: 'booking.cancelled', unit, reference: cancelled.reference, summary: `Borgeren har aflyst tiden ${timeOf(cancelled.slot.startsAt)}. Begrundelse: ${first}`, contactId: contact.id });
      }
      await store.addMessage(contact.id, 'bot', `Din tid ${timeOf(cancelled.slot.startsAt)} er aflyst (${cancelled.reference}). Din sagsbehandler har fået besked.`, key('cancelled'));
      return { status: 'cancelled', outcome: { kind: 'cancelled', reference: cancelled.reference, unit, startsAt: cancelled.slot.startsAt } };
    }
    await this.deps.bookings.ensureSlots(unit, this.#now());
    const slots = await this.deps.bookings.freeSlots(unit, this.#now(), 3);
    const closed = decision.open === false ? 'Der er lukket lige nu. ' : '';
    await store.addMessage(
      contact.id,
      'bot',
      slots.length > 0 ? `${closed}Du kan booke en tid: ${slots.map((s) => timeOf(s.startsAt)).join('; ')}.` : `${closed}Der er ingen ledige tider de næste dage; du kan bede om at blive ringet op.`,
      key('slots'),
    );
    return { status: 'booking', outcome: { kind: 'booking-offered', unit, slots } };
  }

  #publish(contactId: string, type: string, data: Record<string, unknown>): void {
    this.deps.events.publish({ type, contactId, at: this.#now().toISOString(), data });
  }
}

function outcomeSummary(outcome: Outcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'answered':
      return { kind: outcome.kind, answers: outcome.answers.length, sources: outcome.sources };
    case 'booking-offered':
      return { kind: outcome.kind, unit: outcome.unit, slots: outcome.slots.length };
    default:
      return { ...outcome };
  }
}
