import type { ExcludedEntry, Forvaltning, Kontaktcenter } from './schema.js';

/** The validated contact-centre registry: the 2024 units, their services (groups) and the forvaltninger. */
export class KontaktcenterRegistry {
  readonly kontaktcentre: readonly Kontaktcenter[];
  readonly forvaltninger: readonly Forvaltning[];
  readonly excluded: readonly ExcludedEntry[];
  readonly #byId: ReadonlyMap<string, Kontaktcenter>;
  readonly #byGroup: ReadonlyMap<string, readonly Kontaktcenter[]>;

  constructor(kontaktcentre: readonly Kontaktcenter[], forvaltninger: readonly Forvaltning[], excluded: readonly ExcludedEntry[]) {
    this.kontaktcentre = kontaktcentre;
    this.forvaltninger = forvaltninger;
    this.excluded = excluded;
    this.#byId = new Map(kontaktcentre.map((entry) => [entry.id, entry]));
    const groups = new Map<string, Kontaktcenter[]>();
    for (const entry of kontaktcentre) {
      const members = groups.get(entry.group) ?? [];
      members.push(entry);
      groups.set(entry.group, members);
    }
    this.#byGroup = groups;
  }

  get(id: string): Kontaktcenter | undefined {
    return this.#byId.get(id);
  }

  /** The units of one service, in registry order. */
  unitsOf(group: string): readonly Kontaktcenter[] {
    return this.#byGroup.get(group) ?? [];
  }

  get groups(): readonly string[] {
    return [...this.#byGroup.keys()];
  }

  forvaltning(code: string): Forvaltning | undefined {
    return this.forvaltninger.find((f) => f.code === code);
  }
}
