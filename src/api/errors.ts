/**
 * One error shape for every 4xx and 5xx: {statusCode, error, message, details: [{path, message}]}.
 * Bad input says what is wrong and where; a bug is a 500 whose message is masked and logged.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ScenarioError, type Issue } from '../core/errors.ts';

/** An HTTP error with a status, details and headers (e.g. Retry-After). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: readonly Issue[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A request that does not match its route's schema (HTTP 400). */
export class RequestShapeError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly details: readonly Issue[],
  ) {
    super(`invalid request ${part}: ${details.map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`);
    this.name = 'RequestShapeError';
  }
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details: { path: string; message: string }[];
}

export function errorBody(statusCode: number, message: string, details: readonly Issue[] = []): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, details: details.map((d) => ({ path: d.path, message: d.message })) };
}

/** Installs the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof ScenarioError) {
      const [heading] = err.message.split(':\n');
      return reply.code(422).send(errorBody(422, heading, err.issues));
    }
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return reply.code(err.statusCode).send(errorBody(err.statusCode, err.message, err.details));
    }
    if (err instanceof RequestShapeError) return reply.code(400).send(errorBody(400, `invalid request ${err.part}`, err.details));
    const status = (err as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.code(status).send(errorBody(status, err.message));
    }
    request.log.error({ err }, 'internal error');
    return reply.code(500).send(errorBody(500, `internal error; it has been logged as request ${request.id}`));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API`));
  });
}
