/**
 * A streamed answer as NDJSON lines (POST /api/runs and the analysis routes with
 * `?progress=ndjson`): progress at most every PROGRESS_MS, then the last line, the result or an
 * error in the one shape. The response starts with its first line, so the headers of an error
 * known before any progress (Retry-After of a full queue) are still sent.
 */
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from './errors.ts';

/** Least time between two progress lines. */
const PROGRESS_MS = 100;

/** The lines a streamed answer writes. */
export interface NdjsonStream {
  /** A progress line (dropped when the last one was under PROGRESS_MS ago); `headers` go out if it is the first line. */
  progress(done: number, total: number, headers?: Readonly<Record<string, string>>): void;
  /** The last line, JSON text, and the end of the answer. */
  end(json: string, headers?: Readonly<Record<string, string>>): void;
  /** The error as the last line (the status the plain request would have answered), and the end. */
  fail(err: Error): void;
}

/** Whether a request asks for a streamed answer: `?progress=ndjson` or `Accept: application/x-ndjson`. */
export function wantsNdjson(request: FastifyRequest): boolean {
  return (request.query as { progress?: string } | undefined)?.progress === 'ndjson' || /\bapplication\/x-ndjson\b/i.test(request.headers.accept ?? '');
}

/** Starts a streamed answer on `reply`; nothing is written after `gone` aborts (the client went away). */
export function ndjsonStream(request: FastifyRequest, reply: FastifyReply, gone: AbortSignal): NdjsonStream {
  const out = new PassThrough();
  out.on('error', () => undefined); // a client that went away: nothing left to tell
  let started = false;
  const line = (text: string, headers: Readonly<Record<string, string>> = {}) => {
    if (gone.aborted || out.destroyed) return;
    if (!started) {
      started = true;
      for (const [k, v] of Object.entries(headers)) reply.header(k, v);
      reply.header('cache-control', 'no-store');
      // proxies (nginx) pass each line on as it comes instead of buffering the answer
      reply.header('x-accel-buffering', 'no');
      reply.code(200).type('application/x-ndjson; charset=utf-8').send(out);
    }
    out.write(`${text}\n`);
  };
  let lastAt = -Infinity;
  return {
    progress(done, total, headers) {
      const now = performance.now();
      if (now - lastAt < PROGRESS_MS) return;
      lastAt = now;
      line(JSON.stringify({ type: 'progress', done, total }), headers);
    },
    end(json, headers) {
      line(json, headers);
      out.end();
    },
    fail(err) {
      const { body, headers } = describeError(err, request);
      line(JSON.stringify({ type: 'error', ...body }), headers);
      out.end();
    },
  };
}
