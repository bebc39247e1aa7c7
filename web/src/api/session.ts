import createClient from 'openapi-fetch';
import { ApiError, apiErrorOf } from './errors';
import { noteReplicaLag } from './replica-lag';
import type { components, paths } from './schema';
import { onSessionChangedElsewhere, readSession, writeSession, type StoredSession } from './tokens';

export type TokenPair = components['schemas']['TokenPair'];
export type UserView = components['schemas']['UserView'];

/** Calls without a bearer token (sign-in, refresh, sign-out): never retried on 401. */
const publicApi = createClient<paths>({ baseUrl: '' });

let session: StoredSession | null = readSession();
const listeners = new Set<(s: StoredSession | null) => void>();

function setSession(next: StoredSession | null): void {
  session = next;
  writeSession(next);
  for (const l of listeners) l(next);
}

onSessionChangedElsewhere((s) => {
  session = s;
  for (const l of listeners) l(s);
});

/** Subscribes to sign-in, refresh and sign-out, in this tab or another. */
export function subscribeSession(listener: (s: StoredSession | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentSession(): StoredSession | null {
  return session;
}

function store(pair: TokenPair): void {
  // Treat the token as expired 30 s early, so a request never leaves with one about to lapse.
  const lifetimeMs = Math.max(pair.expiresIn - 30, 5) * 1000;
  setSession({ accessToken: pair.accessToken, accessExpiresAt: Date.now() + lifetimeMs, refreshToken: pair.refreshToken, userId: pair.user.id });
}

/** Signs in; throws ApiError (wrong password, locked, disabled) with the API's Chinese message. */
export async function signIn(username: string, password: string): Promise<UserView> {
  const { data, error, response } = await publicApi.POST('/api/v1/auth/login', { body: { username, password } }).catch(() => {
    throw ApiError.network();
  });
  // openapi-fetch has already read the body into `error`: the service's own message is there.
  if (!data) throw apiErrorOf(error, response.status);
  store(data);
  return data.user;
}

/** Keeps a pair the service issued outside sign-in and refresh (a password change renews this session). */
export function adoptTokens(pair: TokenPair): void {
  store(pair);
}

/** Revokes the refresh token on the server (best effort) and forgets the session here. */
export async function signOut(): Promise<void> {
  const s = session;
  setSession(null);
  if (s) await publicApi.POST('/api/v1/auth/logout', { body: { refreshToken: s.refreshToken } }).catch(() => undefined);
}

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh token for a new pair (the server rotates it: the old one dies). One refresh
 * at a time for the whole tab; a tab that finds another tab already rotated takes its tokens.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const used = session;
    const stored = readSession();
    if (stored && used && stored.refreshToken !== used.refreshToken && stored.accessExpiresAt > Date.now()) {
      session = stored;
      return true;
    }
    if (!stored) return false;
    try {
      const { data, error, response } = await publicApi.POST('/api/v1/auth/refresh', { body: { refreshToken: stored.refreshToken } });
      if (data) {
        store(data);
        return true;
      }
      // A 5xx or 429 is not the end of the session; only the server saying no is.
      if (response.status === 401 || response.status === 400) return false;
      throw apiErrorOf(error, response.status);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw ApiError.network();
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Shows the sign-in dialog over the page and resolves true once the user signed in again. */
type ReauthHandler = () => Promise<boolean>;
let reauthHandler: ReauthHandler | null = null;
let reauthenticating: Promise<boolean> | null = null;

export function setReauthHandler(handler: ReauthHandler | null): void {
  reauthHandler = handler;
}

function reauthenticate(): Promise<boolean> {
  if (!reauthHandler) return Promise.resolve(false);
  reauthenticating ??= reauthHandler().finally(() => {
    reauthenticating = null;
  });
  return reauthenticating;
}

async function send(request: Request, token: string | undefined): Promise<Response> {
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(request);
  } catch {
    throw ApiError.network();
  }
  noteReplicaLag(res);
  return res;
}

/**
 * fetch for the API client: adds the bearer token, refreshes it when it lapsed, and on a 401
 * refreshes and retries once; when the refresh is refused it asks the user to sign in again
 * (a dialog over the page, so a half-filled form stays as it is) and then retries.
 */
export async function authFetch(request: Request): Promise<Response> {
  const spare = request.clone();
  if (session && session.accessExpiresAt <= Date.now()) await refreshSession().catch(() => false);
  const res = await send(request, session?.accessToken);
  if (res.status !== 401) return res;
  // A network failure while refreshing surfaces as such (the form says so); it is no reason to sign in again.
  if (await refreshSession()) {
    const retry = await send(spare.clone(), session?.accessToken);
    if (retry.status !== 401) return retry;
  }
  if (await reauthenticate()) return send(spare, session?.accessToken);
  throw ApiError.sessionEnded();
}
