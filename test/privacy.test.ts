import { describe, expect, it } from 'vitest';
import { containsCpr, redactCpr } from '../src/privacy/index.js';
import { captureLogs } from './support/logs.js';

describe('redactCpr', () => {
  it.each([
    ['Mit cpr er 010190-1234', 'Mit cpr er [CPR]'],
    ['cpr 0101901234.', 'cpr [CPR].'],
    ['cpr: 010190 1234', 'cpr: [CPR]'],
    ['01 01 90-1234 og 311299-9999', '[CPR] og [CPR]'],
  ])('redacts %j', (input, expected) => {
    expect(redactCpr(input)).toBe(expected);
    expect(containsCpr(input)).toBe(true);
  });

  it.each([
    'ring på 3366 5600',
    'sagsnummer 2024-0012345',
    'dato 32.13.90-1234 er ikke en dato',
    'kontonummer 12345678901234',
    'postnummer 2300 og Byvej 54',
  ])('leaves %j alone', (input) => {
    expect(redactCpr(input)).toBe(input);
    expect(containsCpr(input)).toBe(false);
  });
});

describe('logger', () => {
  it('never writes a CPR number, wherever it sits in the line', () => {
    const { logger, raw } = captureLogs();
    logger.info({ text: 'jeg hedder Ole, cpr 010190-1234', nested: { value: '0101901234' } }, 'besked fra 311299-9999');
    expect(raw).toHaveLength(1);
    for (const cpr of ['010190-1234', '0101901234', '311299-9999']) expect(raw[0]).not.toContain(cpr);
    expect(raw[0]).toContain('[CPR]');
  });

  it('censors credentials in headers', () => {
    const { logger, raw } = captureLogs();
    logger.info({ req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=1' } } }, 'request');
    expect(raw[0]).not.toContain('abc.def');
    expect(raw[0]).not.toContain('sid=1');
  });
});
