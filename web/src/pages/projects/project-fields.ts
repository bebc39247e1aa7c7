import type { Schemas } from '../../api/client';

type Project = Schemas['ProjectDetailView'];
export type NodeView = Schemas['NodeView'];
export type ProblemView = Schemas['ProblemView'];

/** src/projects: lifecycle, level and problem labels, for the filters and forms. */
export const LIFECYCLES: Array<{ value: Project['lifecycle']; label: string }> = [
  { value: 'signed', label: '已签约' },
  { value: 'registered', label: '已注册' },
  { value: 'preparation', label: '前期手续' },
  { value: 'construction', label: '开工建设' },
  { value: 'operating', label: '投产运行' },
  { value: 'stalled', label: '停缓建' },
];

export const LEVELS: Array<{ value: Project['level']; label: string }> = [
  { value: 'region_major', label: '自治区重大' },
  { value: 'city_key', label: '市重点' },
  { value: 'county_key', label: '旗县重点' },
  { value: 'general', label: '一般' },
];

export const PROBLEM_CATEGORIES: Array<{ value: ProblemView['category']; label: string }> = [
  { value: 'land', label: '用地' },
  { value: 'energy', label: '能耗' },
  { value: 'funding', label: '资金' },
  { value: 'approval', label: '审批' },
  { value: 'power', label: '电力' },
  { value: 'environment', label: '环评' },
  { value: 'other', label: '其他' },
];

export const PROBLEM_STATUSES: Array<{ value: ProblemView['status']; label: string }> = [
  { value: 'open', label: '待解决' },
  { value: 'in_progress', label: '协调中' },
  { value: 'resolved', label: '已解决' },
];

/** The nodes an admin dates (PUT /projects/:id/nodes/:node). */
export const EDITABLE_NODES: ReadonlyArray<NodeView['node']> = ['registered', 'preparation', 'construction', 'operating'];

/** done / on track / due in 48 h / overdue, as antd tag colours and a word people read. */
export const NODE_TONE: Record<NodeView['status'], { colour: string; label: string }> = {
  done: { colour: 'success', label: '已完成' },
  on_track: { colour: 'processing', label: '正常推进' },
  due_soon: { colour: 'warning', label: '48小时内到期' },
  overdue: { colour: 'error', label: '已逾期' },
  unscheduled: { colour: 'default', label: '未排期' },
};

export function lifecycleColour(l: Project['lifecycle']): string {
  return l === 'operating' ? 'success' : l === 'stalled' ? 'error' : l === 'construction' ? 'processing' : 'default';
}
