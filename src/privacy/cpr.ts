/**
 * CPR numbers (DDMMYY-SSSS) in free text. Day and month are checked so that other ten-digit numbers
 * (phone numbers with a prefix, case numbers) are mostly left alone; the modulus-11 check is not used,
 * because CPR numbers issued since 2007 need not satisfy it.
 */
const cprPattern = /(?<![\p{N}])(0[1-9]|[12]\d|3[01])[ .]?(0[1-9]|1[0-2])[ .]?(\d{2})[ ]?[-–]?[ ]?(\d{4})(?![\p{N}])/gu;

export const CPR_PLACEHOLDER = '[CPR]';

/** Replaces every CPR number in the text with a placeholder. */
export function redactCpr(text: string): string {
  return text.replace(cprPattern, CPR_PLACEHOLDER);
}

/** True when the text holds something that looks like a CPR number. */
export function containsCpr(text: string): boolean {
  cprPattern.lastIndex = 0;
  const found = cprPattern.test(text);
  cprPattern.lastIndex = 0;
  return found;
}
