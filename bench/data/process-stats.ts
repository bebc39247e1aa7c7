import { readFileSync, writeFileSync } from 'node:fs';
import type { Pool } from 'pg';

/** Resident memory of a process from /proc/<pid>/status, in MB (VmRSS now, VmHWM its peak). */
export function memoryMb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Samples a process's resident memory every `everyMs` until stopped; returns the peak seen
 * and VmHWM. The kernel's high-water mark is reset first (`5` into clear_refs) where allowed,
 * so VmHWM is the peak of this stretch, not of the process's life.
 */
export function sampleMemory(pid: number, everyMs = 50): { stop(): { before: number; peak: number; hwm: number; hwmReset: boolean } } {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    // not ours to reset: VmHWM then covers the process's whole life
  }
  const before = memoryMb(pid)?.rss ?? NaN;
  let peak = before;
  const timer = setInterval(() => {
    const m = memoryMb(pid);
    if (m && m.rss > peak) peak = m.rss;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const m = memoryMb(pid);
      if (m && m.rss > peak) peak = m.rss;
      return { before, peak, hwm: m?.hwm ?? NaN, hwmReset };
    },
  };
}

/** Transactions committed or rolled back on the scratch database so far (pg_stat_database, ≈1 s behind). */
export async function transactions(db: Pool): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0]?.n);
}

/** The q-quantile of `values` (nearest rank), NaN for none. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
