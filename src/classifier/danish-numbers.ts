const units: Record<string, number> = {
  nul: 0, en: 1, et: 1, én: 1, to: 2, tre: 3, fire: 4, fem: 5, seks: 6, syv: 7, otte: 8, ni: 9, ti: 10,
  elleve: 11, tolv: 12, tretten: 13, fjorten: 14, femten: 15, seksten: 16, sytten: 17, atten: 18, nitten: 19,
};
const tens: Record<string, number> = {
  tyve: 20, tredive: 30, tredve: 30, fyrre: 40, fyrretyve: 40, halvtreds: 50, tres: 60, halvfjerds: 70, firs: 80, halvfems: 90,
};

/**
 * A Danish number word up to 199 as spoken ("seksoghalvfjerds" = 76, "to og firs" = 82, "hundrede og to" = 102),
 * or undefined. Voicebot transcripts write ages this way.
 */
export function parseDanishNumber(words: string): number | undefined {
  let text = words.toLowerCase().replace(/\s+/g, '').replace(/-/g, '');
  let hundred = 0;
  const h = /^(et)?hundrede(og)?/.exec(text);
  if (h) {
    hundred = 100;
    text = text.slice(h[0].length);
    if (text === '') return 100;
  }
  if (text in units) return hundred + units[text]!;
  if (text in tens) return hundred + tens[text]!;
  const compound = /^(en|et|to|tre|fire|fem|seks|syv|otte|ni)og(tyve|tredive|tredve|fyrre|fyrretyve|halvtreds|tres|halvfjerds|firs|halvfems)$/.exec(text);
  if (compound) return hundred + units[compound[1]!]! + tens[compound[2]!]!;
  return undefined;
}

/** The regular-expression alternatives that can form a number word, for use inside larger patterns. */
export const danishNumberWordPattern =
  '(?:(?:et\\s*)?hundrede(?:\\s*og\\s*)?)?(?:(?:en|et|to|tre|fire|fem|seks|syv|otte|ni)\\s*og\\s*(?:tyve|tredive|tredve|fyrretyve|fyrre|halvtreds|tres|halvfjerds|firs|halvfems)|tyve|tredive|tredve|fyrretyve|fyrre|halvtreds|tres|halvfjerds|firs|halvfems|elleve|tolv|tretten|fjorten|femten|seksten|sytten|atten|nitten|ti|ni|otte|syv|seks|fem|fire|tre|to)';
