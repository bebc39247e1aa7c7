import { describe, expect, it } from 'vitest';
import { addDays, beijingDate, formatDate, formatDateTime, formatRemaining } from './date';

describe('dates', () => {
  it('reads as 2022年4月27日', () => {
    expect(formatDate('2022-04-27')).toBe('2022年4月27日');
    expect(formatDate(null)).toBe('—');
  });

  it('reads an instant in Beijing time, whatever the device zone', () => {
    // 16:30 UTC on the 26th is already the 27th in Beijing.
    expect(formatDate('2022-04-26T16:30:00.000Z')).toBe('2022年4月27日');
    expect(beijingDate(new Date('2022-04-26T15:59:59Z'))).toBe('2022-04-26');
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2022-04-27', 7)).toBe('2022-05-04');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('shows an instant with its Beijing clock time', () => {
    expect(formatDateTime('2022-04-27T01:05:00.000Z')).toBe('2022年4月27日 09:05');
    expect(formatDateTime('2022-04-26T16:30:00.000Z')).toBe('2022年4月27日 00:30');
    expect(formatDateTime(null)).toBe('—');
  });

  it('counts down to an instant, never shorter than it is', () => {
    const now = new Date('2022-04-27T01:00:00.000Z');
    const later = (s: number) => new Date(now.getTime() + s * 1000).toISOString();
    expect(formatRemaining(later(12 * 60), now)).toBe('还剩 12 分钟');
    expect(formatRemaining(later(11 * 60 + 1), now)).toBe('还剩 12 分钟');
    expect(formatRemaining(later(30), now)).toBe('还剩不到 1 分钟');
    expect(formatRemaining(later(3600), now)).toBe('还剩 1 小时');
    expect(formatRemaining(later(3900), now)).toBe('还剩 1 小时 5 分钟');
    expect(formatRemaining(later(2 * 86_400 + 3 * 3600), now)).toBe('还剩 2 天 3 小时');
    expect(formatRemaining(later(0), now)).toBe('已到期');
    expect(formatRemaining(later(-60), now)).toBe('已到期');
    expect(formatRemaining('not a date', now)).toBe('—');
  });
});
