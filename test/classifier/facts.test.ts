import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactsReader, type BydelData } from '../../src/classifier/index.js';
import { parseDanishNumber } from '../../src/classifier/danish-numbers.js';
import { loadConfig } from '../../src/config/index.js';

const bydele = JSON.parse(readFileSync(path.join(loadConfig({}).knowledgeBaseDir, 'bydele.json'), 'utf8')) as BydelData;
const reader = new FactsReader(bydele);

describe('Danish number words', () => {
  it.each([
    ['seksoghalvfjerds', 76],
    ['to og firs', 82],
    ['enogtyve', 21],
    ['halvfems', 90],
    ['femten', 15],
    ['hundrede og to', 102],
    ['fyrretyve', 40],
  ])('%s = %d', (words, value) => expect(parseDanishNumber(words)).toBe(value));

  it('is undefined for other words', () => {
    expect(parseDanishNumber('hjemmepleje')).toBeUndefined();
  });
});

describe('facts read from the text', () => {
  it.each([
    ['min far på 91 har brug for hjemmehjælp', { age: 91, ageOf: 'parent' }],
    ['jeg er seksoghalvfjerds og kan ikke selv gøre rent', { age: 76, ageOf: 'self' }],
    ['øh ja min mor er to og firs år', { age: 82, ageOf: 'parent' }],
    ['min søn på 15 går i 9. klasse', { age: 15, ageOf: 'child' }],
    ["I'm 70 years old and need help at home", { age: 70, ageOf: 'self' }],
    ['hun er en 80-årig dame', { age: 80 }],
  ])('%s', (text, expected) => {
    expect(reader.read(text)).toMatchObject(expected);
  });

  it('does not read durations or counts as ages', () => {
    expect(reader.read('jeg er 5 minutter forsinket').age).toBeUndefined();
    expect(reader.read('vi er 4 personer i lejligheden').age).toBeUndefined();
  });

  it('reads bydel from names and postnumre, with ambiguity kept', () => {
    expect(reader.read('jeg bor på Amager')).toMatchObject({ bydelCandidates: ['amager-oest', 'amager-vest'] });
    expect(reader.read('jeg bor på Amager').bydel).toBeUndefined();
    expect(reader.read('jeg bor i 2300')).toMatchObject({ postnummer: '2300', bydelCandidates: ['amager-oest', 'amager-vest'] });
    expect(reader.read('jeg bor i 2300, Amager Vest')).toMatchObject({ postnummer: '2300', bydel: 'amager-vest' });
    expect(reader.read('vi bor i Valby')).toMatchObject({ bydel: 'valby' });
    expect(reader.read('adressen er i 2500 Valby')).toMatchObject({ postnummer: '2500', bydel: 'valby' });
    expect(reader.read('i 1620 København V')).toMatchObject({ bydel: 'vesterbro-kongens-enghave' });
  });

  it('reads a misspelt bydel, or one written without æ/ø/å (natural\'s Jaro-Winkler)', () => {
    expect(reader.read('jeg bor paa norrebro').bydel).toBe('noerrebro');
    expect(reader.read('min mor bor på Vesterbo').bydel).toBe('vesterbro-kongens-enghave');
    expect(reader.read('vi bor i Bispebjer').bydel).toBe('bispebjerg');
    expect(reader.read('jeg er manager på et lager').bydelCandidates).toBeUndefined();
  });

  it('ignores four-digit numbers that are not Copenhagen postnumre', () => {
    expect(reader.read('i 2024 fik jeg en regning').postnummer).toBeUndefined();
    expect(reader.read('jeg bor i 2000 Frederiksberg').postnummer).toBeUndefined();
  });
});
