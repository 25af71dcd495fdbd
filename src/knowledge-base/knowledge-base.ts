import type { CitizenNeed, Handling, IntentDefinition } from './schema.js';

/** What kind of need an intent is: a service's own, the general set (a person, please), or not the kommune's. */
export type IntentKind = 'service' | 'general' | 'out-of-scope';

/** The group of Københavns Kontaktcenter, which holds the general set and is first-line personal service. */
export const GENERAL_GROUP = 'kff-koebenhavns-kontaktcenter';

export interface Intent {
  readonly id: string;
  readonly title: string;
  /** null for out-of-scope intents. */
  readonly group: string | null;
  readonly kind: IntentKind;
  readonly handling: Handling;
  readonly answer: string;
  readonly selfService: { readonly title: string; readonly url: string } | null;
  readonly needs: readonly CitizenNeed[];
  /** For tidsbestilling: a new time, or a change (cancel, move) of one the citizen has. */
  readonly booking: 'book' | 'change';
  readonly sources: readonly string[];
  readonly inferred: boolean;
  readonly examples: readonly string[];
  /** The file it came from, for messages. */
  readonly file: string;
}

export interface ServiceWithoutIntents {
  readonly group: string;
  readonly reason: string;
}

/** Every intent of every service, plus the services that deliberately have none. */
export class KnowledgeBase {
  readonly #byId: ReadonlyMap<string, Intent>;

  constructor(
    readonly intents: readonly Intent[],
    readonly servicesWithoutIntents: readonly ServiceWithoutIntents[],
    /** English phrase → the Danish words for it (`glossary.yaml`); the classifier's translations. */
    readonly glossary: Readonly<Record<string, string>> = {},
  ) {
    this.#byId = new Map(intents.map((intent) => [intent.id, intent]));
  }

  intent(id: string): Intent | undefined {
    return this.#byId.get(id);
  }

  get exampleCount(): number {
    return this.intents.reduce((sum, intent) => sum + intent.examples.length, 0);
  }

  /** The groups that have at least one intent. */
  get groups(): string[] {
    return [...new Set(this.intents.flatMap((intent) => (intent.group === null ? [] : [intent.group])))];
  }
}

export function toIntent(definition: IntentDefinition, group: string | null, file: string): Intent {
  const kind: IntentKind = group === null ? 'out-of-scope' : group === GENERAL_GROUP ? 'general' : 'service';
  return { ...definition, group, kind, file };
}
