/**
 * Who may delete: with ADMIN_TOKEN set, a request carrying it (`Authorization: Bearer <token>`);
 * without, a request from this machine only (a server others can reach needs the token to delete).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A check that throws 401 or 403 unless the request may delete. */
export function adminGuard(token: string): (request: FastifyRequest) => void {
  const expected = Buffer.from(token);
  return (request) => {
    if (!token) {
      if (LOOPBACK.has(request.ip)) return;
      throw new HttpError(403, 'deleting is allowed from this machine only, unless the server sets ADMIN_TOKEN: then send it as Authorization: Bearer <token>');
    }
    const header = request.headers.authorization ?? '';
    const m = /^Bearer (.+)$/.exec(header);
    if (!m) throw new HttpError(401, "deleting needs the server's admin token: send Authorization: Bearer <ADMIN_TOKEN>", [], { 'www-authenticate': 'Bearer' });
    const given = Buffer.from(m[1]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(403, "the admin token does not match this server's ADMIN_TOKEN");
  };
}
