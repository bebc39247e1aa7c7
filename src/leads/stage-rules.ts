import { LeadStage, PIPELINE } from './entities/lead-stage';

export type TransitionVerdict =
  | { ok: true; needsReason: boolean; kind: 'forward' | 'back' | 'hold' | 'lose' | 'reopen' }
  | { ok: false; code: 'SAME_STAGE' | 'SIGNED_IS_FINAL' | 'USE_SIGNING'; message: string };

/**
 * The pipeline's move rules: forward any number of steps; back only with a reason; hold and
 * lost need a reason; a lead on hold or lost reopens (with a reason) into an open stage;
 * signed is reached only by recording a signing and is final.
 */
export function judgeTransition(from: LeadStage, to: LeadStage): TransitionVerdict {
  if (from === to) return { ok: false, code: 'SAME_STAGE', message: '线索已处于该阶段' };
  if (from === LeadStage.Signed) return { ok: false, code: 'SIGNED_IS_FINAL', message: '已签约的线索不能再变更阶段，扩大投资请登记补充签约' };
  if (to === LeadStage.Signed) return { ok: false, code: 'USE_SIGNING', message: '签约请通过“登记签约”完成，需填写协议类型、金额和日期' };
  if (to === LeadStage.OnHold) return { ok: true, needsReason: true, kind: 'hold' };
  if (to === LeadStage.Lost) return { ok: true, needsReason: true, kind: 'lose' };
  if (from === LeadStage.OnHold || from === LeadStage.Lost) return { ok: true, needsReason: true, kind: 'reopen' };
  const forward = PIPELINE.indexOf(to) > PIPELINE.indexOf(from);
  return forward ? { ok: true, needsReason: false, kind: 'forward' } : { ok: true, needsReason: true, kind: 'back' };
}

/** Ordinal of a pipeline stage (0 = lead … 4 = signed); side states have none. */
export function pipelineOrdinal(stage: LeadStage): number {
  return PIPELINE.indexOf(stage);
}
