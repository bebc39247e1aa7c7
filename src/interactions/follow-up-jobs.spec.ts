import { escalationJobId, followUpJobId, reminderTime } from './follow-up-jobs';

const at = (iso: string) => new Date(iso);

describe('reminderTime', () => {
  it.each([
    ['2022-05-10T00:00:00+08:00', '2022-05-10T08:30:00+08:00'],
    // The Beijing midnight that is the previous day in UTC.
    ['2022-05-09T16:00:00Z', '2022-05-10T00:30:00Z'],
    ['2024-02-29T00:00:00+08:00', '2024-02-29T08:30:00+08:00'],
    ['2022-12-31T00:00:00+08:00', '2022-12-31T08:30:00+08:00'],
  ])('a follow-up set for a day (%s, Beijing midnight) is due that morning at 08:30 (%s)', (due, expected) => {
    expect(reminderTime(at(due)).toISOString()).toBe(at(expected).toISOString());
  });

  it.each([
    '2022-05-10T14:00:00+08:00',
    '2022-05-10T00:00:01+08:00',
    '2022-05-10T07:59:59.999+08:00',
    // Midnight UTC is 08:00 in Beijing: a time that was set, not a date.
    '2022-05-10T00:00:00Z',
  ])('a follow-up set for a time (%s) is due at that time', (due) => {
    expect(reminderTime(at(due)).toISOString()).toBe(at(due).toISOString());
  });
});

describe('follow-up job ids', () => {
  it('carry the follow-up version, so a rescheduled reminder never reuses a completed job id', () => {
    const id = '0b5c7c1e-8f7a-4c1e-9d8a-2f0e6f3c9a11';
    expect(followUpJobId(id, 1)).toBe(`follow-up:${id}:v1`);
    expect(followUpJobId(id, 2)).not.toBe(followUpJobId(id, 1));
    expect(escalationJobId(id, 3)).toBe(`follow-up-escalate:${id}:v3`);
  });

  it('keep to what BullMQ accepts as a custom id: no integer, and at most two colons', () => {
    for (const jobId of [followUpJobId('a', 1), escalationJobId('a', 1)]) {
      expect(jobId.split(':')).toHaveLength(3);
      expect(`${parseInt(jobId, 10)}`).not.toBe(jobId);
    }
  });
});
