import { schedulePattern, SCHEDULES } from './jobs';

const byKey = (key: string) => SCHEDULES.find((s) => s.key === key)!;

describe('schedulePattern', () => {
  it('keeps every schedule as written at the default minute', () => {
    for (const s of SCHEDULES) expect(schedulePattern(s, 60)).toBe(s.pattern);
  });

  it.each([
    [10, '*/10 * * * * *'],
    [30, '*/30 * * * * *'],
    [120, '*/2 * * * *'],
    [1800, '*/30 * * * *'],
  ])('refreshes the figures every %i s as %s (a seconds field below a minute)', (seconds, pattern) => {
    expect(schedulePattern(byKey('metrics-refresh'), seconds)).toBe(pattern);
  });

  it('leaves the other schedules alone', () => {
    for (const s of SCHEDULES.filter((x) => x.key !== 'metrics-refresh')) expect(schedulePattern(s, 10)).toBe(s.pattern);
  });
});
