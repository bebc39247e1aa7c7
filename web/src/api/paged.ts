import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './errors';
import type { Page } from './views';

export interface Paged<T> {
  items: T[];
  error: ApiError | undefined;
  loading: boolean;
  hasMore: boolean;
  /** The list's rows under its filters, however many pages (undefined before the first page). */
  total: number | undefined;
  loadMore(): void;
  reload(): void;
}

/** A cursor-paged list: the first page on mount and when `deps` change, the next on loadMore(). */
export function usePaged<T>(load: (cursor: string | undefined) => Promise<Page<T>>, deps: readonly unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const [total, setTotal] = useState<number>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const fetchPage = useCallback((after: string | undefined, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    loadRef
      .current(after)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((prev) => (append ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setTotal(page.total);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (mine === generation.current) setError(e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) }));
      })
      .finally(() => mine === generation.current && setLoading(false));
  }, []);

  useEffect(() => {
    fetchPage(undefined, false);
  }, [...deps, tick]);

  return {
    items,
    error,
    loading,
    hasMore: cursor !== null,
    total,
    loadMore: () => cursor && fetchPage(cursor, true),
    reload: () => setTick((t) => t + 1),
  };
}
