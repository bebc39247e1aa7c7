import { percentHundredths } from '../common/math/percent';
import { businessDate } from '../common/time/business-time';
import { LIFECYCLE_PATH, ProjectLifecycle } from './entities/project-enums';

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** A reporting month (`2022-06`): its year, month and first day as stored (`2022-06-01`). */
export interface ReportMonth {
  year: number;
  month: number;
  firstDay: string;
}

/** `YYYY-MM` (month 01–12, years 2000–2100) → the month, or null for anything else. */
export function parseMonth(value: string): ReportMonth | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 2000 || year > 2100) return null;
  return { year, month, firstDay: `${m[1]}-${m[2]}-01` };
}

/** The dates of a project that must agree with each other, and with today (actual dates). */
export type ProjectDates = {
  registeredOn: string | null;
  plannedStartOn: string | null;
  startedOn: string | null;
  plannedCompletionOn: string | null;
  completedOn: string | null;
};

export const PROJECT_DATE_LABELS: Record<keyof ProjectDates, string> = {
  registeredOn: '注册日期',
  plannedStartOn: '计划开工日期',
  startedOn: '实际开工日期',
  plannedCompletionOn: '计划竣工日期',
  completedOn: '实际竣工日期',
};

/**
 * Where a project's dates contradict each other or an actual date lies after `today` (Beijing):
 * the field and a Chinese message each. The form (400) and the import (row errors) both ask here.
 */
export function projectDateIssues(p: ProjectDates, today: string): Array<{ field: keyof ProjectDates; message: string }> {
  const issues: Array<{ field: keyof ProjectDates; message: string }> = [];
  if (p.plannedStartOn && p.plannedCompletionOn && p.plannedCompletionOn < p.plannedStartOn) {
    issues.push({ field: 'plannedCompletionOn', message: '计划竣工日期不能早于计划开工日期' });
  }
  if (p.startedOn && p.completedOn && p.completedOn < p.startedOn) issues.push({ field: 'completedOn', message: '竣工日期不能早于开工日期' });
  for (const field of ['registeredOn', 'startedOn', 'completedOn'] as const) {
    const value = p[field];
    if (value && value > today) issues.push({ field, message: `${PROJECT_DATE_LABELS[field]}是实际发生的日期，不能晚于今天（${value}）` });
  }
  return issues;
}

/** `2022-06-01` → `2022-06`. */
export const monthLabel = (firstDay: string): string => firstDay.slice(0, 7);

/** The first day of the Beijing month `at` falls in. */
export function currentMonthStart(at: Date = new Date()): string {
  return `${businessDate(at).slice(0, 7)}-01`;
}

/** Whether the month lies after the current Beijing month (progress cannot be reported for it yet). */
export function isFutureMonth(month: ReportMonth, now: Date = new Date()): boolean {
  return month.firstDay > currentMonthStart(now);
}

/** The first day of the month `n` months before (negative: after) the month of `firstDay`. */
export function addMonths(firstDay: string, n: number): string {
  const [y, m] = firstDay.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * `part / whole` as a percentage with two decimals, rounded half up, from exact integers
 * (万元 units or days): never a binary float on the way. Null when `whole` is 0.
 */
export function percent(part: bigint, whole: bigint): number | null {
  const hundredths = percentHundredths(part, whole);
  return hundredths === null ? null : Number(hundredths) / 100;
}

/** The difference of two two-decimal percentages, kept at two decimals. */
export function points(a: number, b: number): number {
  return Math.round((a - b) * 100) / 100;
}

export type Pace = 'ahead' | 'on_pace' | 'behind';

/** 超序时 / 序时 / 滞后序时: plan share done against the share of the year gone. */
export function paceOf(planDoneRate: number | null, timeElapsedRate: number): { aheadByPoints: number | null; pace: Pace | null } {
  if (planDoneRate === null) return { aheadByPoints: null, pace: null };
  const ahead = points(planDoneRate, timeElapsedRate);
  return { aheadByPoints: ahead, pace: ahead > 0 ? 'ahead' : ahead < 0 ? 'behind' : 'on_pace' };
}

export type NodeStatus = 'done' | 'on_track' | 'due_soon' | 'overdue' | 'unscheduled';

export const NODE_STATUS_LABELS: Record<NodeStatus, string> = {
  done: '已完成',
  on_track: '正常推进',
  due_soon: '48小时内到期',
  overdue: '已逾期',
  unscheduled: '未排期',
};

/** The colour officials read each status as. */
export const NODE_STATUS_COLOURS: Record<NodeStatus, string> = {
  done: 'green',
  on_track: 'blue',
  due_soon: 'yellow',
  overdue: 'red',
  unscheduled: 'grey',
};

/**
 * The lifecycle stage from which a node counts as reached: 前期手续 is done only once the
 * project has started construction; the others when the project enters their stage.
 */
const NODE_REACHED_AT: Partial<Record<ProjectLifecycle, ProjectLifecycle>> = {
  [ProjectLifecycle.Registered]: ProjectLifecycle.Registered,
  [ProjectLifecycle.Preparation]: ProjectLifecycle.Construction,
  [ProjectLifecycle.Construction]: ProjectLifecycle.Construction,
  [ProjectLifecycle.Operating]: ProjectLifecycle.Operating,
};

/** The lifecycle stages at which `node` counts as reached (done without a date): what SQL filters by. */
export function stagesReaching(node: ProjectLifecycle): ProjectLifecycle[] {
  const reachedAt = NODE_REACHED_AT[node];
  if (reachedAt === undefined) return [];
  return LIFECYCLE_PATH.filter((stage) => lifecycleOrdinal(stage) >= lifecycleOrdinal(reachedAt));
}

/** Position on the forward path; -1 for stalled (停缓建), which reaches nothing new. */
export const lifecycleOrdinal = (stage: ProjectLifecycle): number => LIFECYCLE_PATH.indexOf(stage);

/**
 * The colour of a node: done (an actual date, or the project is past it); else, against the
 * end of the planned day in Beijing: overdue once it has passed, due within 48 hours, or on track.
 */
export function nodeStatus(
  node: { node: ProjectLifecycle; plannedOn: string | null; doneOn: string | null },
  lifecycle: ProjectLifecycle,
  now: Date = new Date(),
): NodeStatus {
  const reachedAt = NODE_REACHED_AT[node.node];
  const reached = reachedAt !== undefined && lifecycleOrdinal(lifecycle) >= lifecycleOrdinal(reachedAt);
  if (node.doneOn || reached) return 'done';
  if (!node.plannedOn) return 'unscheduled';
  const deadline = Date.parse(`${node.plannedOn}T00:00:00Z`) + DAY_MS - BEIJING_OFFSET_MS;
  const left = deadline - now.getTime();
  if (left <= 0) return 'overdue';
  if (left <= 2 * DAY_MS) return 'due_soon';
  return 'on_track';
}

/**
 * The name two projects of one company are compared by (重复录入判断): Unicode NFKC, which
 * turns full-width letters, digits, brackets and spaces into their half-width forms (（一期）
 * → (一期)); Latin letters lower-cased; whitespace trimmed, runs collapsed to one space, and
 * dropped where it touches a Chinese character or bracket (经安 一期 = 经安一期); one trailing
 * 「项目」 dropped when something is left (经安一期项目 = 经安一期). Nothing else is dropped:
 * 有限公司, 一期/二期, 扩建 and the like change which project is meant.
 */
export function normaliseProjectName(name: string): string {
  const s = name
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/ ?([\u3000-\u303f\u3400-\u9fff\uff00-\uffef()[\]【】《》“”‘’、，。：；]) ?/g, '$1');
  const stripped = s.replace(/项目$/, '');
  return stripped.length > 0 ? stripped : s;
}
