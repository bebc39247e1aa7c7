import type { components } from './schema';

/**
 * Names the pages use for the service's response shapes: every one an alias of a generated
 * schema (./schema.d.ts, from openapi.json), so a changed response breaks the build where it is
 * used. Only Page<T> is spelled out: the generic the document repeats per list.
 */
type S = components['schemas'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Rows under the same scope and filters, however many pages. */
  total: number;
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
export type UnreadCount = S['UnreadCountView'];

/** GET /pipeline/board */
export type BoardStage = S['BoardStageView'];
export type PipelineBoard = S['PipelineBoardView'];
export type PipelineColumn = S['PipelineColumnView'];

/** GET /pipeline/funnel: how many leads ever reached each stage. */
export type PipelineFunnel = S['PipelineFunnelView'];

/** GET /dashboard?year= */
export type DashboardTrend = S['DashboardTrend'];
export type DashboardAmountRow = S['DashboardCountyRow'] | S['DashboardChainRow'];
export type DashboardTeamRow = S['DashboardTeamRow'];
export type Dashboard = S['DashboardView'];

/** A period as the service shows it (src/common/time/period.ts). */
export type PeriodView = S['PeriodView'];

/** Metric → value, as decimal strings (counts too): only the metrics that have a target. */
export type TargetValues = S['TargetValuesView'];

/** GET /targets, POST /targets. */
export type TargetView = S['TargetViewDto'];

/** GET /targets/:id, POST /targets/:id/split: the shares the caller may see and what is left unassigned (of all shares). */
export type TargetDetail = S['TargetDetailView'];

export type MetricProgress = S['MetricProgressView'];

/** GET /targets/progress */
export type ProgressReport = S['TargetProgressReport'];

/** GET /rankings/preview, and a published ranking's rows. */
export type RankingRow = S['RankingRowView'];
export type RankingResult = S['RankingResultView'];

/** GET /rankings: published rankings, newest first, without their rows. */
export type PublishedRanking = S['PublishedRankingView'];

/** GET /rankings/:id */
export type PublishedRankingDetail = S['PublishedRankingDetailView'];

export type RegionView = S['RegionView'];
export type LeadClaimView = S['LeadClaimView'];
