import { describe, expect, it } from 'vitest';
import { judgeMove } from './stage-rules';

describe('judgeMove (mirror of the server rules)', () => {
  it('moves forward without a reason, any number of steps', () => {
    expect(judgeMove('lead', 'contacted')).toEqual({ ok: true, reason: null });
    expect(judgeMove('lead', 'negotiating')).toEqual({ ok: true, reason: null });
  });

  it('asks a reason to go back, hold, lose or reopen', () => {
    expect(judgeMove('negotiating', 'contacted')).toMatchObject({ ok: true, reason: { label: '退回原因' } });
    expect(judgeMove('contacted', 'on_hold')).toMatchObject({ ok: true, reason: { label: '搁置原因' } });
    expect(judgeMove('contacted', 'lost')).toMatchObject({ ok: true, reason: { label: '终止原因' } });
    expect(judgeMove('lost', 'lead')).toMatchObject({ ok: true, reason: { label: '重启原因' } });
    expect(judgeMove('on_hold', 'negotiating')).toMatchObject({ ok: true, reason: { label: '重启原因' } });
  });

  it('refuses signing by drag, leaving signed, and the same stage', () => {
    expect(judgeMove('negotiating', 'signed').ok).toBe(false);
    expect(judgeMove('signed', 'negotiating').ok).toBe(false);
    expect(judgeMove('lead', 'lead').ok).toBe(false);
  });
});
