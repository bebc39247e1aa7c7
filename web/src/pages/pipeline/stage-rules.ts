import type { LeadStage } from '../../api/views';

/** The open pipeline in order; signed follows, on hold and lost sit beside it. */
export const PIPELINE: readonly LeadStage[] = ['lead', 'contacted', 'site_visit', 'negotiating', 'signed'];
export const COLUMNS: readonly LeadStage[] = ['lead', 'contacted', 'site_visit', 'negotiating', 'signed', 'on_hold', 'lost'];

export const STAGE_LABEL: Record<LeadStage, string> = {
  lead: '线索',
  contacted: '初步接洽',
  site_visit: '考察对接',
  negotiating: '实质性洽谈',
  signed: '已签约',
  on_hold: '搁置',
  lost: '终止',
};

export type MoveVerdict =
  | { ok: true; reason: null | { title: string; label: string } }
  | { ok: false; message: string };

/**
 * The server's move rules (src/leads/stage-rules.ts), mirrored only to decide whether to ask
 * for a reason before sending; the server judges the move again and has the last word.
 */
export function judgeMove(from: LeadStage, to: LeadStage): MoveVerdict {
  if (from === to) return { ok: false, message: '线索已处于该阶段' };
  if (from === 'signed') return { ok: false, message: '已签约的线索不能再变更阶段，扩大投资请登记补充签约' };
  if (to === 'signed') return { ok: false, message: '签约请通过“登记签约”完成，需填写协议类型、金额和日期' };
  if (to === 'on_hold') return { ok: true, reason: { title: '搁置线索', label: '搁置原因' } };
  if (to === 'lost') return { ok: true, reason: { title: '终止线索', label: '终止原因' } };
  if (from === 'on_hold' || from === 'lost') return { ok: true, reason: { title: `重启到「${STAGE_LABEL[to]}」`, label: '重启原因' } };
  if (PIPELINE.indexOf(to) > PIPELINE.indexOf(from)) return { ok: true, reason: null };
  return { ok: true, reason: { title: `退回到「${STAGE_LABEL[to]}」`, label: '退回原因' } };
}
