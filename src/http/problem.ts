import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../logging/index.js';

/** RFC 9457 problem types of this API; clients may branch on them. */
export const problemTypes = {
  validation: '/problems/validation-error',
  invalidJson: '/problems/invalid-json',
  notFound: '/problems/not-found',
  payloadTooLarge: '/problems/payload-too-large',
  unsupportedMediaType: '/problems/unsupported-media-type',
  notReady: '/problems/not-ready',
  unauthorized: '/problems/unauthorized',
  forbidden: '/problems/forbidden',
  scenarioInvalid: '/problems/scenario-invalid',
  internal: '/problems/internal-error',
} as const;

export interface InvalidField {
  /** Where the problem is: `body.text`, `query.forvaltning`, `params.id`. */
  readonly field: string;
  readonly message: string;
}

/** An error that becomes an `application/problem+json` response. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  static notFound(detail: string): HttpProblem {
    return new HttpProblem(404, problemTypes.notFound, 'Not found', detail);
  }

  static invalid(location: 'body' | 'query' | 'params' | 'headers', error: z.ZodError): HttpProblem {
    const errors: InvalidField[] = error.issues.map((issue) => ({
      field: [location, ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    const first = errors[0];
    return new HttpProblem(400, problemTypes.validation, 'Invalid request', first ? `${first.field}: ${first.message}` : undefined, {
      errors,
    });
  }
}

export function sendProblem(res: Response, problem: HttpProblem): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: problem.type,
      title: problem.title,
      status: problem.status,
      ...(problem.detail === undefined ? {} : { detail: problem.detail }),
      instance: res.req.originalUrl,
      ...problem.extensions,
    });
}

/** Parses part of a request with a zod schema, or throws a 400 problem naming each bad field. */
export function parseRequestPart<S extends z.ZodType>(location: 'body' | 'query' | 'params' | 'headers', schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw HttpProblem.invalid(location, result.error);
  return result.data as z.infer<S>;
}

export const notFoundHandler: RequestHandler = (req) => {
  throw HttpProblem.notFound(`No route for ${req.method} ${req.path}`);
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns every error into problem+json; never an HTML page, never a stack trace on the wire. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = toProblem(error);
    if (problem.status >= 500) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    }
    sendProblem(res, problem);
  };
}

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof z.ZodError) return HttpProblem.invalid('body', error);
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, problemTypes.invalidJson, 'Invalid JSON', 'body: the request body is not valid JSON');
    case 'entity.too.large':
      return new HttpProblem(413, problemTypes.payloadTooLarge, 'Payload too large', `body: larger than the limit of ${parserError.limit ?? '?'} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, problemTypes.unsupportedMediaType, 'Unsupported media type', parserError.message);
    default:
      break;
  }
  const status = typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500 ? parserError.status : 500;
  if (status < 500) return new HttpProblem(status, 'about:blank', STATUS_CODES[status] ?? 'Bad request', parserError.message);
  return new HttpProblem(500, problemTypes.internal, 'Internal server error', 'The request failed on the server; it has been logged.');
}
