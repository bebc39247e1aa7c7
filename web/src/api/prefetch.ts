/**
 * Render-as-you-fetch for a first screen: what a page shows is asked for when the app starts,
 * beside the session check and the page's chunk, and the page takes that answer on its first load
 * instead of asking only once it has rendered (on a phone, a round trip and a render earlier).
 * An answer is taken once; later loads ask afresh.
 */
const started = new Map<string, { at: number; answer: Promise<unknown> }>();

/** An answer older than this is not shown as the page's first: the page asks again. */
const FRESH_MS = 10_000;

export function prefetch(key: string, load: () => Promise<unknown>): void {
  const answer = load();
  // A failure here is the page's to report, when it loads: never an unhandled rejection.
  answer.catch(() => undefined);
  started.set(key, { at: Date.now(), answer });
}

/** The answer prefetched under `key` if there is a fresh one, else `load()`; a failed prefetch is asked again. */
export function prefetched<T>(key: string, load: () => Promise<T>): Promise<T> {
  const early = started.get(key);
  started.delete(key);
  if (!early || Date.now() - early.at > FRESH_MS) return load();
  return (early.answer as Promise<T>).catch(() => load());
}
