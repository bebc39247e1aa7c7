import type { components } from './schema';

/**
 * Response shapes the OpenAPI document does not declare yet (the controllers return them without
 * an @ApiOkResponse). Built from the generated schemas wherever one exists; the rest mirror the
 * service code (src/leads/pipeline.service.ts, src/dashboard/dashboard.service.ts). Each one goes
 * once its endpoint declares the response.
 */
type S = components['schemas'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type InteractionView = S['InteractionView'];
export type EnterpriseView = S['EnterpriseView'];
export type ContactView = S['ContactView'];
export type LeadView = S['LeadView'];
export type NotificationView = S['NotificationView'];
export type TeamView = S['TeamView'];
export type TeamMemberView = S['TeamMemberView'];
export type UserView = S['UserView'];
export type InteractionType = S['CreateInteractionDto']['type'];
export type LeadStage = LeadView['stage'];

/** GET /notifications/unread-count */
export interface UnreadCount {
  count: number;
}

/** GET /pipeline/board */
export interface BoardStage {
  stage: LeadStage;
  label: string;
  count: number;
  intendedAmount: string;
  probability?: string;
  weightedAmount?: string;
}
export interface PipelineBoard {
  stages: BoardStage[];
  open: { count: number; intendedAmount: string; weightedAmount: string };
  onHold: BoardStage;
  signed: { count: number; signedAmount: string };
  lost: { count: number; intendedAmount: string };
}

/** GET /pipeline/funnel: how many leads ever reached each stage. */
export interface PipelineFunnel {
  steps: Array<{ stage: LeadStage; label: string; reached: number; conversionToNext: string | null; medianDays: string | null }>;
}

/** GET /dashboard?year= */
export interface DashboardTrend {
  month: string;
  enterprisesContacted: number;
  visits: number;
  newLeads: number;
  signedProjects: number;
  signedAmount: string;
}
export interface DashboardAmountRow {
  id: string;
  name: string;
  code?: string | null;
  signedAmount: string;
  signedProjects: number;
}
export interface DashboardTeamRow {
  rank: number;
  team: { id: string; name: string };
  /** The ranking score (a number, as the service sends it). */
  score: number;
}
export interface Dashboard {
  year: number;
  label: string;
  asOf: string | null;
  /** 序时进度, percent with two decimals. */
  timeElapsed: string;
  thisMonth: { month: string; enterprisesContacted: number; visits: number; newLeads: number };
  pipeline: PipelineBoard;
  signing: { projects: number; amount: string; target: string | null; completion: string | null };
  conversion: { contractProjects: number; 履约率: string | null; 开工率: string | null; 资金到位率: string | null; 落地率: string | null; 投产率: string | null };
  registry: { projects: number; totalInvestment: string; annualPlan: string; completedYtd: string; planCompletion: string | null };
  topTeams: DashboardTeamRow[];
  bottomTeams: DashboardTeamRow[];
  trends: DashboardTrend[];
  byCounty: DashboardAmountRow[];
  byChain: DashboardAmountRow[];
}

/** A period as the service shows it (src/common/time/period.ts). */
export interface PeriodView {
  type: 'year' | 'quarter';
  year: number;
  quarter?: number;
  label: string;
}

/** Metric → value, as decimal strings (counts too): only the metrics that have a target. */
export type TargetValues = Partial<Record<import('../format/metrics').Metric, string>>;

/** GET /targets, POST /targets (src/targets/targets.service.ts TargetView). */
export interface TargetView {
  id: string;
  period: PeriodView;
  assignee: { type: 'unit' | 'team'; id: string; name: string };
  parentId: string | null;
  values: TargetValues;
  isStretch: boolean;
  version: number;
  updatedAt: string;
}

/** GET /targets/:id, POST /targets/:id/split: the shares the caller may see and what is left unassigned (of all shares). */
export interface TargetDetail extends TargetView {
  children: TargetView[];
  unassigned: TargetValues;
  history: Array<{ values: TargetValues; isStretch: boolean; actorId: string | null; at: string }>;
}

export interface MetricProgress {
  metric: import('../format/metrics').Metric;
  label: string;
  target: string;
  actual: string;
  /** Percent of the target reached, two decimals. */
  completion: string;
  /** Completion minus 序时进度, in percentage points (negative: behind). */
  aheadBy: string;
  status: import('../format/metrics').ProgressStatus;
}

/** GET /targets/progress */
export interface ProgressReport {
  period: PeriodView;
  /** 序时进度 today, percent. */
  timeElapsed: string;
  asOf: string;
  rows: Array<{ target: TargetView; metrics: MetricProgress[] }>;
}

/** GET /rankings/preview, and a published ranking's rows (src/rankings/rankings.service.ts). */
export interface RankingRow {
  rank: number;
  assignee: { type: 'team' | 'unit'; id: string; name: string };
  score: { total: number; signing: number; metrics: Partial<Record<string, number>>; bandPenalty: number; deduction: number };
  metrics: MetricProgress[];
}

export interface RankingResult {
  title: string;
  period: PeriodView & { start: string; end: string };
  level: 'team' | 'unit';
  timeElapsed: string;
  asOf: string;
  rows: RankingRow[];
}

/** GET /rankings: published rankings, newest first, without their rows. */
export interface PublishedRanking {
  id: string;
  title: string;
  periodType: 'year' | 'quarter';
  year: number;
  quarter: number;
  level: 'team' | 'unit';
  timeElapsed: string;
  asOf: string;
  publishedById: string | null;
  publishedAt: string;
}

/** GET /rankings/:id */
export interface PublishedRankingDetail extends PublishedRanking {
  rows: RankingRow[];
}

export type RegionView = S['RegionView'];
export type LeadClaimView = S['LeadClaimView'];
