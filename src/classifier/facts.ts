import { createRequire } from 'node:module';
import { danishNumberWordPattern, parseDanishNumber } from './danish-numbers.js';
import { foldDanish } from './text.js';

// natural's Jaro-Winkler distance, by its subpath: natural's root module prints to stdout (TECH-NOTES).
const jaroWinkler = createRequire(import.meta.url)('natural/lib/natural/distance/jaro-winkler_distance.js') as (a: string, b: string) => number;
/** How alike a misspelt place name must be ("Nørebro", "vesterbo") to count as the bydel. */
const FUZZY_MATCH = 0.93;

/** Citizen facts as read from the text of a message. */
export interface FactsFromText {
  /** Age of the person the request is about (the citizen, or the relative they call for). */
  age?: number;
  /** Whose age it is. */
  ageOf?: 'self' | 'parent' | 'child' | 'partner' | 'other';
  postnummer?: string;
  /** Set only when the text points at one bydel. */
  bydel?: string;
  /** Bydele the text points at (several when ambiguous: "Amager", "2300"). */
  bydelCandidates?: string[];
}

export interface BydelData {
  readonly bydele: ReadonlyArray<{
    readonly id: string;
    readonly aliases: readonly string[];
    readonly postnumre: ReadonlyArray<number | { from: number; to: number }> | { from: number; to: number };
  }>;
  readonly ambiguousNames: Readonly<Record<string, readonly string[]>>;
}

const relations: Record<string, FactsFromText['ageOf']> = {
  far: 'parent', mor: 'parent', farmor: 'parent', farfar: 'parent', mormor: 'parent', morfar: 'parent', bedstemor: 'parent', bedstefar: 'parent',
  father: 'parent', mother: 'parent', dad: 'parent', mum: 'parent', mom: 'parent', grandmother: 'parent', grandfather: 'parent',
  søn: 'child', datter: 'child', barn: 'child', dreng: 'child', pige: 'child', son: 'child', daughter: 'child', child: 'child', kid: 'child',
  mand: 'partner', kone: 'partner', hustru: 'partner', kæreste: 'partner', husband: 'partner', wife: 'partner', partner: 'partner',
  nabo: 'other', bror: 'other', søster: 'other', ven: 'other', veninde: 'other', neighbour: 'other', brother: 'other', sister: 'other',
};
const relationWords = Object.keys(relations).join('|');
const number = `(\\d{1,3}|${danishNumberWordPattern})`;
// Words after a number that make it something other than an age ("jeg er 5 minutter forsinket").
const notAge = '(?!\\s*(?:minut|time|timer|dag|dage|uge|uger|måned|kr|kroner|procent|%|stk|gange|børn|personer|hours|days|minutes|kids|children))';

const agePatterns: ReadonlyArray<{ pattern: RegExp; whose: (match: RegExpExecArray) => FactsFromText['ageOf'] }> = [
  // "min far på 91", "min søn på 15 år", "my mother of 80"
  { pattern: new RegExp(`\\b(?:min|mit|vores|my)\\s+(${relationWords})\\s+(?:på|er|of|is|aged)\\s+${number}\\b${notAge}`, 'iu'), whose: (m) => relations[m[1]!.toLowerCase()] },
  // "jeg er 76", "jeg er seksoghalvfjerds år", "I am 70", "I'm 70 years old"
  { pattern: new RegExp(`\\b(?:jeg er|jeg bliver|i am|i'm|im)\\s+${number}\\b${notAge}`, 'iu'), whose: () => 'self' },
  // "han er 82 år", "hun er 45"
  { pattern: new RegExp(`\\b(?:han|hun|he|she)\\s+(?:er|is)\\s+${number}\\b${notAge}`, 'iu'), whose: () => 'other' },
  // "82 år gammel", "en 80-årig", "70-year-old"
  { pattern: new RegExp(`\\b${number}[\\s-]*(?:år\\s+gammel|årig|årige|years?\\s+old|year-old)`, 'iu'), whose: () => undefined },
];

/** The age a message states ("min far på 91", "jeg er 76", "en 80-årig") and whose it is. */
export function readAge(text: string): Pick<FactsFromText, 'age' | 'ageOf'> {
  for (const { pattern, whose } of agePatterns) {
    const match = pattern.exec(text);
    const age = match ? toAge(match[match.length - 1]!.replace(/\s+/g, '')) : undefined;
    if (match && age !== undefined) {
      const ageOf = whose(match);
      return ageOf === undefined ? { age } : { age, ageOf };
    }
  }
  return {};
}

function toAge(text: string): number | undefined {
  const value = /^\d+$/.test(text) ? Number(text) : parseDanishNumber(text);
  return value !== undefined && value >= 0 && value <= 120 ? value : undefined;
}

function postnummerRanges(spec: BydelData['bydele'][number]['postnumre']): Array<{ from: number; to: number }> {
  const list = Array.isArray(spec) ? spec : [spec];
  return list.map((entry) => (typeof entry === 'number' ? { from: entry, to: entry } : entry));
}

/** Reads age, postnummer and bydel from a message, as citizens and voicebot transcripts state them. */
export class FactsReader {
  readonly #aliases: Array<{ alias: RegExp; bydele: string[] }>;
  readonly #ranges: Array<{ from: number; to: number; bydel: string }>;
  readonly #fuzzy: Array<{ name: string; bydele: string[] }>;

  constructor(data: BydelData) {
    const aliases: Array<{ alias: string; bydele: string[] }> = [];
    for (const bydel of data.bydele) for (const alias of bydel.aliases) aliases.push({ alias, bydele: [bydel.id] });
    for (const [alias, bydele] of Object.entries(data.ambiguousNames)) aliases.push({ alias, bydele: [...bydele] });
    // Longest first, so "amager vest" wins over "amager".
    aliases.sort((a, b) => b.alias.length - a.alias.length);
    this.#aliases = aliases.map(({ alias, bydele }) => ({ alias: new RegExp(`(?<![\\p{L}])${escape(alias)}(?![\\p{L}])`, 'iu'), bydele }));
    this.#fuzzy = aliases.filter(({ alias }) => /^\p{L}{5,}$/u.test(alias)).map(({ alias, bydele }) => ({ name: foldDanish(alias), bydele }));
    this.#ranges = data.bydele.flatMap((bydel) => postnummerRanges(bydel.postnumre).map((range) => ({ ...range, bydel: bydel.id })));
  }

  /** Place names written with a typo or without æ/ø/å, as patterns for the words that matched. */
  #fuzzyMatches(text: string): Array<{ alias: RegExp; bydele: string[] }> {
    const matches: Array<{ alias: RegExp; bydele: string[] }> = [];
    for (const word of text.split(/[^\p{L}]+/u)) {
      if (word.length < 5) continue;
      const folded = foldDanish(word.toLowerCase());
      const best = this.#fuzzy.find(({ name }) => jaroWinkler(folded, name) >= FUZZY_MATCH);
      if (best) matches.push({ alias: new RegExp(`(?<![\\p{L}])${escape(word)}(?![\\p{L}])`, 'u'), bydele: best.bydele });
    }
    return matches;
  }

  read(text: string): FactsFromText {
    const facts: FactsFromText = { ...readAge(text) };
    const postnummer = /\b(?:i|på|postnummer|postnr\.?|in)\s+(\d{4})\b|\b(\d{4})\s+(?:kbh|københavn|copenhagen|k|v|n|s|ø|nv|sv)\b/iu.exec(text);
    const code = postnummer ? Number(postnummer[1] ?? postnummer[2]) : undefined;
    const fromCode = code === undefined ? [] : this.bydeleOf(String(code));
    if (fromCode.length > 0) facts.postnummer = String(code);

    let candidates = fromCode;
    for (const { alias, bydele } of [...this.#aliases, ...this.#fuzzyMatches(text)]) {
      if (alias.test(text)) {
        // A named bydel narrows a postnummer's candidates ("2300, Amager Vest").
        const narrowed = candidates.length > 0 ? bydele.filter((b) => candidates.includes(b)) : bydele;
        candidates = narrowed.length > 0 ? narrowed : bydele;
        break;
      }
    }
    if (candidates.length === 1) facts.bydel = candidates[0]!;
    if (candidates.length > 0) facts.bydelCandidates = [...new Set(candidates)];
    return facts;
  }

  /** The bydele a Copenhagen postnummer lies in (several for 2300; none outside the kommune). */
  bydeleOf(postnummer: string): string[] {
    const code = Number(postnummer);
    return this.#ranges.filter((range) => code >= range.from && code <= range.to).map((range) => range.bydel);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
