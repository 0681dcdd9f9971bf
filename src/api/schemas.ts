/**
 * OpenAPI helpers for the routes' response declarations: error responses by status, and responses
 * with headers and content types. The shapes themselves are defined in src/schema (requests.ts,
 * responses.ts and the rest).
 */
import { Type } from '@sinclair/typebox';

const RETRY_AFTER = { 'retry-after': { type: 'string', description: 'seconds to wait before retrying' } };

/** Error responses by status code; 429 and 503 also declare their Retry-After header. */
export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      c,
      c === 429 || c === 503
        ? { description: c === 429 ? 'over the rate limit' : 'the run queue is full', headers: RETRY_AFTER, content: { 'application/json': { schema: Type.Ref('ErrorResponse') } } }
        : Type.Ref('ErrorResponse'),
    ]),
  );

/** A response with headers and content types, in the form OpenAPI documents. */
export function described(description: string, content: Record<string, unknown>, headers: Record<string, { type: string; description: string }> = {}) {
  return { description, headers, content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])) };
}
