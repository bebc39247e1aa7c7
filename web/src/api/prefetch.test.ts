import { describe, expect, it, vi } from 'vitest';
import { prefetch, prefetched } from './prefetch';

describe('prefetch', () => {
  it('hands the early answer to the first load only; the next load asks afresh', async () => {
    const early = vi.fn().mockResolvedValue('early');
    prefetch('k1', early);
    const load = vi.fn().mockResolvedValue('fresh');
    expect(await prefetched('k1', load)).toBe('early');
    expect(load).not.toHaveBeenCalled();
    expect(await prefetched('k1', load)).toBe('fresh');
    expect(early).toHaveBeenCalledTimes(1);
  });

  it('asks again when the early call failed, or nothing was prefetched', async () => {
    prefetch('k2', () => Promise.reject(new Error('401')));
    expect(await prefetched('k2', () => Promise.resolve('again'))).toBe('again');
    expect(await prefetched('never', () => Promise.resolve('own'))).toBe('own');
  });

  it('does not show an answer older than ten seconds', async () => {
    vi.useFakeTimers();
    try {
      prefetch('k3', () => Promise.resolve('old'));
      vi.advanceTimersByTime(10_001);
      expect(await prefetched('k3', () => Promise.resolve('new'))).toBe('new');
    } finally {
      vi.useRealTimers();
    }
  });
});
