import { LeadStage } from './entities/lead-stage';
import { judgeTransition } from './stage-rules';

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
