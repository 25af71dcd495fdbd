/**
 * Status look-ups in the back-office systems (fagsystemer) for straksafklaring: "Hvad tid kommer min
 * hjemmepleje?", "status på min byggesag". One adapter per system, chosen per intent; a real integration
 * implements `Fagsystem` and is registered in `FagsystemRegistry` (see README, "Fagsystemer").
 */
export interface StatusQuery {
  readonly intent: string;
  /** The citizen as the login knows them (an opaque reference, never a CPR number). */
  readonly citizenRef: string | null;
  /** A case number or similar the citizen gave. */
  readonly caseNumber: string | null;
  readonly now: Date;
}

export interface StatusAnswer {
  /** Said to the citizen, in Danish. */
  readonly text: string;
  /** The system that answered, for the case history. */
  readonly source: string;
}

export interface Fagsystem {
  readonly name: string;
  /** The intents this system can answer. */
  readonly intents: readonly string[];
  /** null: nothing known for this citizen or case (the bot then says so and offers a person). */
  lookup(query: StatusQuery): Promise<StatusAnswer | null>;
}

/** Which fagsystem answers which intent. */
export class FagsystemRegistry {
  readonly #byIntent = new Map<string, Fagsystem>();

  constructor(systems: readonly Fagsystem[]) {
    for (const system of systems) for (const intent of system.intents) this.#byIntent.set(intent, system);
  }

  forIntent(intent: string): Fagsystem | undefined {
    return this.#byIntent.get(intent);
  }
}
