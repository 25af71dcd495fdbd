import { describe, expect, it } from 'vitest';
import { spellingSkeleton } from '../../src/classifier/text.js';
import { defaultFeatureOptions, extractFeatures, foldDanish, normalizeText, splitSegments, stem, tokenize, type FeatureOptions } from '../../src/classifier/index.js';

describe('Danish text normalisation', () => {
  it('folds æ/ø/å to the ae/oe/aa that people type without them', () => {
    expect(foldDanish('boligstøtte på Østerbro, lånerkort, æble')).toBe('boligstoette paa Oesterbro, laanerkort, aeble');
  });

  it('keeps æ/ø/å inside words when tokenizing (natural would split "boligstøtte")', () => {
    expect(tokenize(normalizeText('Boligstøtte? Ja-tak!'))).toEqual(['boligstøtte', 'ja', 'tak']);
  });

  it('stems with and without æ/ø/å to the same stem', () => {
    expect(stem('hjemmeplejen')).toBe(stem('hjemmepleje'));
    expect(stem('boligstøtte')).toBe(stem('boligstoette'));
  });

  it('removes a CPR number, and the words that present it, before any feature is made', () => {
    const withCpr = extractFeatures('mit cpr er 010190-1234 og jeg mangler bioposer');
    const without = extractFeatures('og jeg mangler bioposer');
    expect(withCpr.names).toEqual(without.names);
    expect(withCpr.names.join(' ')).not.toMatch(/0101|1234/);
  });
});

describe('stop words as features', () => {
  it('keeps "vi", "min" and "hans" as features of their own and inside bigrams, without character n-grams', () => {
    const names = extractFeatures('Vi som arbejdsgiver vil aflyse hans tid').names;
    const word = spellingSkeleton(stem('arbejdsgiver'));
    expect(names).toEqual(expect.arrayContaining(['s:vi', 's:som', 'b:s:vi_s:som', `b:s:som_${word}`, `b:s:hans_${spellingSkeleton(stem('tid'))}`]));
    expect(names.filter((name) => name.startsWith('c:') && name.includes('<vi>'))).toEqual([]);
  });

  it('drops them as before when turned off', () => {
    const names = extractFeatures('Vi som arbejdsgiver vil aflyse hans tid', { ...defaultFeatureOptions, functionWords: false }).names;
    expect(names.filter((name) => name.includes('s:'))).toEqual([]);
    // A dropped stop word ends the bigram chain: nothing joins "aflyse" and "tid" across "hans".
    expect(names).toContain(`w:${spellingSkeleton(stem('aflyse'))}`);
    expect(names.filter((name) => name.startsWith('b:'))).toEqual([]);
  });
});

describe('the English glossary', () => {
  const options: FeatureOptions = { ...defaultFeatureOptions, translations: { 'home help': 'hjemmehjælp', help: 'hjælp', 'parking ticket': 'p-afgift', parking: 'parkering' } };
  const w = (word: string) => `w:${spellingSkeleton(stem(word))}`;
  const words = (text: string, withGlossary = options) => extractFeatures(text, withGlossary).names.filter((name) => name.startsWith('w:'));

  it('gives an English query the Danish words its service was trained on, and keeps the English ones', () => {
    expect(words('How do I get home help?')).toEqual(expect.arrayContaining([w('home'), w('help'), w('hjemmehjælp')]));
    expect(words('How do I get home help?', defaultFeatureOptions)).not.toContain(w('hjemmehjælp'));
  });

  it('takes the longest phrase first: "home help" is hjemmehjælp, not help', () => {
    expect(words('home help')).not.toContain(w('hjælp'));
    expect(words('I need help')).toContain(w('hjælp'));
    expect(words('I got a parking ticket')).toEqual(expect.arrayContaining([w('p'), w('afgift')]));
    expect(words('I got a parking ticket')).not.toContain(w('parkering'));
  });

  it('makes no bigram across the two languages', () => {
    const names = extractFeatures('home help please', options).names.filter((name) => name.startsWith('b:'));
    expect(names.some((name) => name.includes(spellingSkeleton(stem('hjemmehjælp'))))).toBe(false);
  });
});

describe('splitting a message into needs', () => {
  it('splits sentences and chained clauses, also without punctuation', () => {
    expect(splitSegments('Hvad tid kommer min hjemmepleje? Jeg mangler også bioposer')).toEqual(['Hvad tid kommer min hjemmepleje?', 'Jeg mangler også bioposer']);
    expect(splitSegments('Mit MitID virker ikke, og jeg har også en regning, jeg ikke forstår.')).toEqual(['Mit MitID virker ikke', 'jeg har også en regning, jeg ikke forstår.']);
    expect(splitSegments('øh hvornår kommer hjemmeplejen og så mangler jeg bioposer')).toEqual(['øh hvornår kommer hjemmeplejen', 'så mangler jeg bioposer']);
  });
});
