import { useSearchParams } from 'react-router';

/**
 * The page's address as its state: `set` changes the given keys (a blank value removes the key)
 * and replaces the history entry, so a report's choices survive a reload and can be linked to.
 */
export function useSearchPatch(): [URLSearchParams, (patch: Record<string, string | number | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v === undefined || v === '') next.delete(k); else next.set(k, String(v));
    setParams(next, { replace: true });
  };
  return [params, set];
}
