import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Express middleware for the API: no cache — browser, proxy or CDN — may keep an answer. Sign-in
 * and refresh answers carry tokens, /auth/me and the rest the caller's own or scoped records;
 * one rule for every route, so a new personal endpoint cannot forget it. Set before routing, so
 * error answers (a 401, a 429 from sign-in) carry it too. Routes that stream a file may repeat it.
 */
export function noStoreMiddleware(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
