import { describe, expect, it } from 'vitest';
import { lagNotice, noteReplicaLag } from './replica-lag';

describe('replica lag notice', () => {
  it('says nothing up to 5 s, seconds after, minutes from two minutes', () => {
    expect([0, 3, 5].map(lagNotice)).toEqual([null, null, null]);
    expect(lagNotice(6)).toBe('数据延迟约 6 秒');
    expect(lagNotice(119)).toBe('数据延迟约 119 秒');
    expect(lagNotice(150)).toBe('数据延迟约 3 分钟');
    expect(lagNotice(Number.NaN)).toBeNull();
  });

  it('takes the header when there is one and ignores answers without it', () => {
    expect(() => noteReplicaLag(new Response('{}', { headers: { 'X-Replica-Lag': '12' } }))).not.toThrow();
    expect(() => noteReplicaLag(new Response('{}'))).not.toThrow();
  });
});
