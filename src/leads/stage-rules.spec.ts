import { LeadStage } from './entities/lead-stage';
import { judgeTransition, pipelineOrdinal } from './stage-rules';

const S = LeadStage;

describe('judgeTransition', () => {
  it.each([
    [S.Lead, S.Contacted, 'forward', false],
    [S.Lead, S.Negotiating, 'forward', false],
    [S.Negotiating, S.Contacted, 'back', true],
    [S.SiteVisit, S.OnHold, 'hold', true],
    [S.Contacted, S.Lost, 'lose', true],
    [S.OnHold, S.Negotiating, 'reopen', true],
    [S.Lost, S.Lead, 'reopen', true],
    [S.OnHold, S.Lost, 'lose', true],
  ])('%s → %s is a %s move (reason needed: %s)', (from, to, kind, needsReason) => {
    expect(judgeTransition(from, to)).toEqual({ ok: true, kind, needsReason });
  });

  it.each([
    [S.Signed, S.Negotiating, 'SIGNED_IS_FINAL'],
    [S.Signed, S.Lost, 'SIGNED_IS_FINAL'],
    [S.Negotiating, S.Signed, 'USE_SIGNING'],
    [S.Lead, S.Lead, 'SAME_STAGE'],
    [S.Lost, S.Signed, 'USE_SIGNING'],
  ])('%s → %s is refused with %s', (from, to, code) => {
    expect(judgeTransition(from, to)).toMatchObject({ ok: false, code });
  });
});

describe('judgeTransition over every pair of stages', () => {
  const open = [S.Lead, S.Contacted, S.SiteVisit, S.Negotiating];
  const all = [...open, S.Signed, S.OnHold, S.Lost];
  const pairs = all.flatMap((from) => all.map((to) => [from, to] as const));

  /** The rules of issue 4, written out independently of the implementation. */
  function expected(from: LeadStage, to: LeadStage) {
    if (from === to) return { ok: false, code: 'SAME_STAGE' };
    if (from === S.Signed) return { ok: false, code: 'SIGNED_IS_FINAL' };
    if (to === S.Signed) return { ok: false, code: 'USE_SIGNING' };
    if (to === S.OnHold) return { ok: true, kind: 'hold', needsReason: true };
    if (to === S.Lost) return { ok: true, kind: 'lose', needsReason: true };
    if (from === S.OnHold || from === S.Lost) return { ok: true, kind: 'reopen', needsReason: true };
    return open.indexOf(to) > open.indexOf(from) ? { ok: true, kind: 'forward', needsReason: false } : { ok: true, kind: 'back', needsReason: true };
  }

  it.each(pairs)('%s → %s', (from, to) => {
    expect(judgeTransition(from, to)).toMatchObject(expected(from, to));
  });

  it('never lets a move reach signed, and only forward moves go without a reason', () => {
    const verdicts = pairs.map(([from, to]) => ({ to, v: judgeTransition(from, to) }));
    expect(verdicts.filter(({ to, v }) => to === S.Signed && v.ok)).toEqual([]);
    expect(verdicts.filter(({ v }) => v.ok && !v.needsReason).every(({ v }) => v.ok && v.kind === 'forward')).toBe(true);
  });

  it('orders the pipeline lead → signed and leaves side states out', () => {
    expect([S.Lead, S.Contacted, S.SiteVisit, S.Negotiating, S.Signed].map(pipelineOrdinal)).toEqual([0, 1, 2, 3, 4]);
    expect(pipelineOrdinal(S.OnHold)).toBe(-1);
    expect(pipelineOrdinal(S.Lost)).toBe(-1);
  });
});
