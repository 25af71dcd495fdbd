import { createRequire } from 'node:module';
import { redactCpr } from '../privacy/index.js';

/**
 * Danish text → comparable tokens. natural has no Danish stemmer, tokenizer or stop words and its tokenizers
 * split words at æ/ø/å, so this uses a Unicode tokenizer and the Snowball Danish stemmer (see TECH-NOTES).
 */

const require = createRequire(import.meta.url);
const danishStemmer = (require('snowball-stemmers') as typeof import('snowball-stemmers')).newStemmer('danish');
const danishStopwords = (require('stopwords-iso') as Record<string, string[]>).da ?? [];

// stopwords-iso's Danish list holds words that carry meaning for a kommune: "far" (father), "mand" (husband),
// "ikke" (MitID virker ikke), "flere" (flere bioposer), "kommer" (hvornår kommer hjemmeplejen), "tag" (roof).
const meaningful = new Set(['far', 'mand', 'ikke', 'hvornår', 'ny', 'nyt', 'flere', 'kom', 'komme', 'kommer', 'tag', 'tage', 'lille', 'stor', 'store', 'god', 'godt', 'lav', 'nej', 'ja', 'hej']);
const englishStopwords = ['the', 'a', 'an', 'to', 'of', 'and', 'or', 'is', 'are', 'am', 'i', 'my', 'me', 'you', 'it', 'in', 'on', 'for', 'with', 'do', 'does', 'can', 'how', 'what', 'be', 'have', 'has', 'this', 'that', 'at', 'from'];
export const stopwords: ReadonlySet<string> = new Set([
  ...danishStopwords.filter((word) => !meaningful.has(word)),
  ...englishStopwords,
  'øh', 'øhm', 'æh', 'ehm', 'hmm', 'altså', 'ligesom', 'jamen', 'nåh', 'nå', 'ok', 'okay', 'um', 'uh',
].flatMap((word) => [word, foldDanish(word)]));

/** æ/ø/å and accents to ASCII as Danes write without them (ae, oe, aa), so "støtte" and "stoette" meet. */
export function foldDanish(text: string): string {
  return text
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/Æ/g, 'Ae')
    .replace(/Ø/g, 'Oe')
    .replace(/Å/g, 'Aa')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

// "Mit CPR-nummer er 010190-1234" gives an identifier, it does not ask about CPR (Folkeregisteret): the whole
// statement goes, not only the number, so that a query is classified the same with or without it.
const cprStatement = /(?:(?:mit|min|my|her er mit|here is my)\s+)?(?:cpr|cpr-?nummer|cpr-?nr\.?|personnummer|cpr[ -]number|civil registration number)\s*(?:er|is|:|=)?\s*\[cpr\]/gu;

/** CPR numbers out first, so nothing downstream ever sees one; then Unicode normal form and lower case. */
export function normalizeText(raw: string): string {
  return redactCpr(raw).normalize('NFKC').toLowerCase().replace(cprStatement, ' [cpr] ');
}

/** Words and numbers; the CPR placeholder, punctuation and symbols are dropped. */
export function tokenize(normalized: string): string[] {
  return normalized
    .replace(/\[cpr\]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/**
 * A spelling skeleton of a folded word: citizens without æ/ø/å write "søger" as "soger" or "soeger", "på" as
 * "pa" or "paa", and double or single consonants at random ("adresse", "addresse"). ae/oe/aa and doubled letters
 * are reduced so that these variants meet.
 */
export function spellingSkeleton(folded: string): string {
  return folded.replace(/aa/g, 'a').replace(/oe/g, 'o').replace(/ae/g, 'e').replace(/(\p{L})\1+/gu, '$1');
}

const stemCache = new Map<string, string>();

/** Snowball Danish stem, folded to ASCII. Cached: citizens' vocabulary is small and repeats. */
export function stem(token: string): string {
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = /^\p{N}+$/u.test(token) ? token : foldDanish(danishStemmer.stem(token));
    if (stemCache.size < 200_000) stemCache.set(token, stemmed);
  }
  return stemmed;
}

export function isStopword(token: string): boolean {
  return stopwords.has(token);
}
