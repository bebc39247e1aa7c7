import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** How a JSON body is bounded before anything parses it. */
export interface JsonBodyLimits {
  /** Bytes a caller with a valid-looking bearer token may send. */
  largeBytes: number;
  /** Bytes everyone else, and every sign-in route, may send. */
  smallBytes: number;
  /** Deepest nesting of arrays and objects accepted. */
  maxDepth: number;
  /** Paths that only ever take a few fields (sign-in, refresh, logout, password): the small limit whoever calls. */
  smallPaths: RegExp;
}

export const JSON_BODY_LIMITS: Omit<JsonBodyLimits, 'smallPaths'> = { largeBytes: 1024 * 1024, smallBytes: 8 * 1024, maxDepth: 32 };

/** The error a too-deep body raises inside body-parser; the filter answers it as BODY_TOO_DEEP. */
export class BodyTooDeepError extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
  constructor(readonly maxDepth: number) {
    super(`JSON body nested deeper than ${maxDepth}`);
  }
}

/**
 * The deepest nesting of `{` / `[` in raw JSON bytes, scanning at most until it passes `limit`:
 * one pass, no recursion, no allocation. Bytes of multi-byte UTF-8 characters are all ≥ 0x80,
 * so they are never taken for a bracket, quote or backslash.
 */
export function jsonDepthExceeds(buf: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * True when `authorization` carries an HS256 token signed with `secret` that has not expired:
 * one HMAC over a few hundred bytes (microseconds), no database. It says only that the caller
 * once signed in (revocation and the user's state are the guard's business), which is enough to
 * grant the larger body limit: a stranger cannot make such a token.
 */
export function bearerLooksValid(authorization: string | undefined, secret: Buffer, nowSeconds = Date.now() / 1000): boolean {
  if (!authorization || authorization.length > 4096 || !authorization.startsWith('Bearer ')) return false;
  const parts = authorization.slice(7).split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && claims.exp > nowSeconds;
  } catch {
    return false;
  }
}

/**
 * The one JSON body parser: strict JSON, no compressed bodies, a size limit chosen per request
 * (small for sign-in routes and for anyone without a valid-looking token) and a nesting limit
 * checked on the raw bytes before JSON.parse, so no unauthenticated request costs more than
 * reading and scanning a few KB.
 */
export function jsonBodyParser(limits: JsonBodyLimits, jwtSecret: string): RequestHandler {
  const verify = (_req: IncomingMessage, _res: ServerResponse, buf: Buffer) => {
    if (jsonDepthExceeds(buf, limits.maxDepth)) throw new BodyTooDeepError(limits.maxDepth);
  };
  const common = { strict: true, inflate: false, verify };
  const small = json({ ...common, limit: limits.smallBytes });
  const large = json({ ...common, limit: limits.largeBytes });
  const secret = Buffer.from(jwtSecret);
  return (req: Request, res: Response, next: NextFunction) => {
    const trusted = !limits.smallPaths.test(req.path) && bearerLooksValid(req.headers.authorization, secret);
    return (trusted ? large : small)(req, res, next);
  };
}
