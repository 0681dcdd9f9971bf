/**
 * One error shape for every 4xx and 5xx: {statusCode, code, error, message, details: [{path,
 * message, code}]} (ErrorResponse in src/schema/responses.ts). Bad input says what is wrong and
 * where; a bug is a 500 whose message is masked and logged. Clients branch on the codes.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { boundIssues, issueCode, ScenarioError, type Issue } from '../core/errors.ts';
import { HTTP_ERROR_CODES, type ApiErrorCode, type ErrorResponse } from '../schema/responses.ts';

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
  readonly details: readonly Issue[];
  constructor(
    readonly part: string,
    details: readonly Issue[],
  ) {
    const bounded = boundIssues(details);
    super(`invalid request ${part}: ${bounded.map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`);
    this.name = 'RequestShapeError';
    this.details = bounded;
  }
}

/** The code of an HTTP error by its status (a status without its own code: by its class). */
export function statusCodeWord(statusCode: number): ApiErrorCode {
  return HTTP_ERROR_CODES[statusCode as keyof typeof HTTP_ERROR_CODES] ?? (statusCode >= 500 ? 'internal' : 'bad-request');
}

/** The error shape; its details bounded (boundIssues), so an error stays small whatever the request. */
export function errorBody(statusCode: number, message: string, details: readonly Issue[] = [], code: ApiErrorCode = statusCodeWord(statusCode)): ErrorResponse {
  const [text] = boundIssues([{ path: '', message }]);
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message: text.message, details: boundIssues(details).map((d) => ({ path: d.path, message: d.message, code: issueCode(d) })) };
}

/**
 * The status, body and headers of an error, as the error handler answers it; a bug (anything that
 * is not a known error or a 4xx) is logged and masked as a 500.
 */
export function describeError(err: FastifyError | Error, request: FastifyRequest): { body: ErrorResponse; headers: Readonly<Record<string, string>> } {
  if (err instanceof ScenarioError) return { body: errorBody(422, err.heading, err.issues, err.code), headers: {} };
  if (err instanceof HttpError) return { body: errorBody(err.statusCode, err.message, err.details), headers: err.headers };
  if (err instanceof RequestShapeError) return { body: errorBody(400, `invalid request ${err.part}`, err.details, 'invalid-request'), headers: {} };
  const status = (err as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { body: errorBody(status, err.message), headers: {} };
  request.log.error({ err }, 'internal error');
  return { body: errorBody(500, `internal error; it has been logged as request ${request.id}`), headers: {} };
}

/** Installs the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const { body, headers } = describeError(err, request);
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    return reply.code(body.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API`));
  });
}
