import { Role } from '../common/auth/auth-user';

/**
 * Claims of an access token. `sid` is the sign-in (the refresh-token family) it belongs to: the
 * token counts only while that sign-in is alive. `ver` must equal the user's token version.
 */
export interface AccessClaims {
  sub: string;
  sid: string;
  ver: number;
  role: Role;
}

/** A verified token's claims as the strategy receives them (jsonwebtoken adds iat, checks exp). */
export interface AccessPayload extends AccessClaims {
  iat: number;
  exp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEYS = ['exp', 'iat', 'role', 'sid', 'sub', 'ver'];
const ROLES = new Set<unknown>(Object.values(Role));
const isTime = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/**
 * The payload of a correctly signed access token, if it has exactly the shape this service
 * issues; otherwise null (answered 401, never a 500 from a query given a bad id). A token
 * without `exp` would never expire, one living longer than `maxTtl` seconds was not issued
 * under the current configuration.
 */
export function parseAccessPayload(payload: unknown, maxTtl: number): AccessPayload | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  const keys = Object.keys(p).sort();
  if (keys.length !== KEYS.length || keys.some((k, i) => k !== KEYS[i])) return null;
  if (typeof p.sub !== 'string' || !UUID.test(p.sub)) return null;
  if (typeof p.sid !== 'string' || !UUID.test(p.sid)) return null;
  if (!Number.isSafeInteger(p.ver) || (p.ver as number) < 0 || (p.ver as number) > 2_147_483_647) return null;
  if (!ROLES.has(p.role)) return null;
  if (!isTime(p.iat) || !isTime(p.exp) || p.exp <= p.iat || p.exp - p.iat > maxTtl) return null;
  return p as unknown as AccessPayload;
}
