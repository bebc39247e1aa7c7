import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the request being served, for logs and the audit trail. */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

/** Takes a sane incoming `X-Request-Id` or makes one, and echoes it back. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const existing = (req as IncomingMessage & { id?: string }).id;
  if (existing) return existing;
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(header) ? header : randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Express middleware: runs the rest of the request inside its context. */
export function requestContextMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  storage.run({ requestId: requestIdOf(req, res) }, next);
}
