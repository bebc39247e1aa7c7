import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ok } from '../api/client';
import { ApiError } from '../api/errors';
import { prefetch, prefetched } from '../api/prefetch';
import { currentSession, setReauthHandler, signIn, signOut, subscribeSession, type UserView } from '../api/session';

// Loaded the first time a session ends under a page: most visits never need it.
const ReauthDialog = lazy(() => import('./ReauthDialog'));

interface AuthState {
  /** undefined while the stored session is being checked at start. */
  user: UserView | null | undefined;
  /** The check at start could not reach the service: the session is kept, the page offers a retry. */
  unreachable: boolean;
  /** The user signed out in this tab: the sign-in page then goes to the next user's home, not back to the page left. */
  signedOut: boolean;
  login(username: string, password: string): Promise<UserView>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

const ME = 'auth-me';
const fetchMe = () => ok(api.GET('/api/v1/auth/me'));

/** At start, before the first render: a stored session's check leaves now, not after React has drawn the spinner. */
export function checkStoredSessionEarly(): void {
  if (currentSession()) prefetch(ME, fetchMe);
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user for the whole app, and the sign-in-again dialog that keeps the page. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserView | null | undefined>(currentSession() ? undefined : null);
  const [reauthOpen, setReauthOpen] = useState(false);
  const [unreachable, setUnreachable] = useState(false);
  const [signedOut, setSignedOut] = useState(false);
  const pending = useRef<((signedIn: boolean) => void) | null>(null);

  // At start: a stored session is checked against the server (the account may be disabled since).
  useEffect(() => {
    if (!currentSession()) return;
    let cancelled = false;
    prefetched(ME, fetchMe)
      .then((me) => !cancelled && setUser(me))
      .catch((e: unknown) => {
        if (cancelled) return;
        // Offline at start: keep the session and say so; only a refused session signs out.
        if (e instanceof ApiError && e.code === 'NETWORK_ERROR') setUnreachable(true);
        else void signOut().then(() => setUser(null));
      });
    return () => {
      cancelled = true;
    };
  }, []);

  // Signed out in another tab: follow.
  useEffect(() => subscribeSession((s) => !s && setUser(null)), []);

  const askToSignInAgain = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        pending.current = resolve;
        setReauthOpen(true);
      }),
    [],
  );

  useEffect(() => {
    setReauthHandler(user ? askToSignInAgain : null);
    return () => setReauthHandler(null);
  }, [user, askToSignInAgain]);

  const finishReauth = (signedIn: boolean) => {
    setReauthOpen(false);
    pending.current?.(signedIn);
    pending.current = null;
  };

  const value = useMemo<AuthState>(
    () => ({
      user,
      unreachable,
      signedOut,
      async login(username, password) {
        const me = await signIn(username, password);
        setSignedOut(false);
        setUser(me);
        return me;
      },
      async logout() {
        // Set with the session's end (one render): the page left never becomes the sign-in's "from".
        setSignedOut(true);
        await signOut();
        setUser(null);
      },
    }),
    [user, unreachable, signedOut],
  );

  return (
    <AuthContext.Provider value={value}>
      {children}
      {user && reauthOpen && (
        <Suspense fallback={null}>
          <ReauthDialog open username={user.username} onDone={finishReauth} />
        </Suspense>
      )}
    </AuthContext.Provider>
  );
}
