import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FactsReader, IntentClassifier, ModelCache, type BydelData, type ClassifierSettings, type Classification } from '../classifier/index.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../knowledge-base/index.js';
import type { KontaktcenterRegistry } from '../registry/index.js';
import { decide, type CitizenFacts, type Offer, type RoutingDecision, type RoutingTable } from '../routing/index.js';
import { classifierSettings, settingsFor } from './settings.js';

/** Citizen facts a caller may give with a query (CONTRACTS: `citizen`). */
export interface GivenCitizenFacts {
  readonly age?: number;
  readonly postnummer?: string;
  readonly bydel?: string;
  readonly requesterType?: 'borger' | 'virksomhed';
  readonly longBenefitSeniority?: boolean;
  readonly aktivitetsparat?: boolean;
}

/** One line of `en-indgang classify` output, and the `decision` of a henvendelse (CONTRACTS.md). */
export interface TriageResult {
  readonly scenario: string;
  readonly group: string | null;
  readonly kontaktcenter: string | null;
  readonly forvaltning: string | null;
  readonly confidence: number;
  readonly handling: RoutingDecision['handling'];
  readonly firstLine: string | null;
  readonly intents: ReadonlyArray<{ intent: string; group: string | null; confidence: number }>;
  readonly alternatives: ReadonlyArray<{ group: string | null; confidence: number }>;
  readonly missing: readonly string[];
  readonly outcome: Classification['outcome'];
  /** The queue the contact waits in; null when nothing is queued (a fact is missing, the bot answers, closed). */
  readonly queue: string | null;
  readonly open: boolean;
  readonly opensAt: string | null;
  readonly offers: readonly Offer[];
  readonly facts: CitizenFacts;
  /** For straksafklaring: what the bot answers, and a self-service link where one is known. */
  readonly answer: string | null;
  readonly selfService: { title: string; url: string } | null;
  readonly reasons: readonly string[];
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export interface TriageLoadOptions {
  readonly settings?: ClassifierSettings;
  /** Where trained models are cached between starts; absent: always train. */
  readonly modelCacheDir?: string | undefined;
  readonly knowledgeBase?: KnowledgeBase;
}

/** Query → service, facts and routing decision. Pure once built: no I/O per query. */
export class Triage {
  constructor(
    readonly registry: KontaktcenterRegistry,
    readonly knowledgeBase: KnowledgeBase,
    readonly classifier: IntentClassifier,
    private readonly factsReader: FactsReader,
  ) {}

  /**
   * Loads the knowledge base and trains the classifier — or, with `modelCacheDir`, takes the trained models from
   * the cache when the intents, settings and classifier code are unchanged (and stores them after training).
   */
  static async load(knowledgeBaseDir: string, registry: KontaktcenterRegistry, options: TriageLoadOptions = {}): Promise<Triage> {
    const { modelCacheDir } = options;
    // A caller that has loaded the knowledge base already passes it, so it is read and checked once.
    const knowledgeBase = options.knowledgeBase ?? (await loadKnowledgeBase(knowledgeBaseDir, registry));
    const settings = settingsFor(knowledgeBase, options.settings ?? classifierSettings);
    const bydele = JSON.parse(await readFile(path.join(knowledgeBaseDir, 'bydele.json'), 'utf8')) as BydelData;
    let classifier: IntentClassifier | undefined;
    let cache: ModelCache | undefined;
    let key = '';
    if (modelCacheDir) {
      cache = new ModelCache(modelCacheDir);
      key = cache.key(knowledgeBase.intents, settings);
      classifier = cache.load(key, knowledgeBase.intents, settings);
    }
    const fromCache = classifier !== undefined;
    if (!classifier) {
      classifier = IntentClassifier.fromKnowledgeBase(knowledgeBase, settings);
      cache?.save(key, classifier);
    }
    const triage = new Triage(registry, knowledgeBase, classifier, new FactsReader(bydele));
    triage.modelFromCache = fromCache;
    return triage;
  }

  /** Whether the classifier came from the model cache rather than training. */
  modelFromCache = false;

  /** Classify, read the facts, and decide under the scenario's table at the given time. */
  triage(text: string, given: GivenCitizenFacts, table: RoutingTable, at: Date = new Date()): TriageResult {
    const { classification, facts } = this.understand(text, given);
    return this.present(classification, facts, decide(classification, facts, table, at));
  }

  /** The classification of a text and the citizen's facts (given facts win over those read from the text). */
  understand(text: string, given: GivenCitizenFacts, extraTexts: readonly string[] = []): { classification: Classification; facts: CitizenFacts } {
    const classification = this.classifier.classify(text);
    // Facts may come in later messages too ("jeg er 82"): the later a statement, the more it counts.
    const fromText: CitizenFacts = {};
    for (const t of [text, ...extraTexts]) Object.assign(fromText, this.factsReader.read(t));
    const facts: CitizenFacts = { ...fromText, ...definedOnly(given) };
    if (given.bydel !== undefined) facts.bydelCandidates = [given.bydel];
    else if (given.postnummer !== undefined) {
      // A postnummer given with the request counts like one read from the text; a bydel in the text may narrow it.
      const fromCode = this.factsReader.bydeleOf(given.postnummer);
      const narrowed = fromText.bydelCandidates?.filter((b) => fromCode.includes(b)) ?? [];
      const candidates = narrowed.length > 0 ? narrowed : fromCode;
      delete facts.bydel;
      delete facts.bydelCandidates;
      if (candidates.length === 1) facts.bydel = candidates[0]!;
      if (candidates.length > 0) facts.bydelCandidates = candidates;
    }
    return { classification, facts };
  }

  /** The classify fields (CONTRACTS.md) of a classification and its decision. */
  present(classification: Classification, facts: CitizenFacts, decision: RoutingDecision): TriageResult {
    const primary = this.knowledgeBase.intent(classification.needs[0]?.intent ?? '');
    const straks = decision.handling === 'straksafklaring' && primary !== undefined;
    return {
      scenario: decision.scenario,
      group: decision.group ?? null,
      kontaktcenter: decision.kontaktcenter,
      forvaltning: decision.forvaltning,
      confidence: round(classification.confidence),
      handling: decision.handling,
      firstLine: decision.firstLine,
      intents: classification.needs.map((need) => ({ intent: need.intent, group: need.group, confidence: round(need.confidence) })),
      alternatives: classification.alternatives.map((a) => ({ group: a.group, confidence: round(a.confidence) })),
      missing: decision.missing,
      outcome: classification.outcome,
      queue: decision.queue,
      open: decision.open,
      opensAt: decision.opensAt,
      offers: decision.offers,
      facts,
      answer: straks ? primary.answer : null,
      selfService: straks ? primary.selfService : null,
      reasons: decision.reasons,
    };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
