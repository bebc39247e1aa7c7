/**
 * Results that change only when their inputs' version does (the metrics view's refresh time,
 * the targets' last change …): one computation per key and version, shared by every caller
 * that asks while it runs (single flight), the `max` most recently used keys kept.
 * A failed computation is forgotten, so the next caller tries again.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; value: Promise<T> }>();

  constructor(private readonly max = 64) {}

  get(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.version === version) {
      this.entries.set(key, hit); // most recently used last
      return hit.value;
    }
    const entry = { version, value: compute() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}
