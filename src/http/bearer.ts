import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { HttpProblem, problemTypes } from './problem.js';

/**
 * The name behind a bearer token, or a 401/403 problem. Constant-time comparison, so that the response time
 * does not tell how much of a token was right. `what` names the kind of token in the messages.
 */
export function bearerName(req: Request, tokens: ReadonlyMap<string, string>, what: string, offMessage: string): string {
  if (tokens.size === 0) throw new HttpProblem(403, problemTypes.forbidden, 'Forbidden', offMessage);
  const match = /^Bearer (\S+)$/.exec(req.header('authorization') ?? '');
  if (!match) throw new HttpProblem(401, problemTypes.unauthorized, 'Unauthorized', `headers.authorization: expected "Bearer <${what}>"`);
  const given = Buffer.from(match[1]!);
  for (const [name, token] of tokens) {
    const expected = Buffer.from(token);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return name;
  }
  throw new HttpProblem(403, problemTypes.forbidden, 'Forbidden', `headers.authorization: not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`);
}
