import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * A full garbage collection now. A bulk import turns over hundreds of megabytes of rows that
 * live just long enough (across a batch's round trip) to reach the old generation, and V8 lets
 * that generation grow to several times the live heap before it collects: the 50,000-row
 * company import peaked at 450 MB resident for about 100 MB live. Collecting every few
 * thousand rows keeps the peak near the live heap, for a few tens of milliseconds each time.
 * `gc` is V8's own, exposed to one new context only (the process's globals stay as they are).
 */
export function reclaimHeap(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
