/**
 * The signed-in session as this browser keeps it. The refresh token lives in localStorage so
 * the app remembers the user until they sign out (or the server revokes it); every tab shares it.
 */
export interface StoredSession {
  accessToken: string;
  /** Epoch ms after which the access token is treated as expired (a little before the server does). */
  accessExpiresAt: number;
  refreshToken: string;
  userId: string;
}

const KEY = 'crm.session';

export function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function writeSession(session: StoredSession | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

/** Calls `listener` when another tab signs in, refreshes or signs out. */
export function onSessionChangedElsewhere(listener: (session: StoredSession | null) => void): () => void {
  const handler = (e: StorageEvent) => {
    if (e.key === KEY) listener(readSession());
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}
