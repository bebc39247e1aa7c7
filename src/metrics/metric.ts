/** The metrics targets are set in and progress is measured by (指标). */
export enum Metric {
  EnterprisesContacted = 'enterprises_contacted',
  Visits = 'visits',
  NewLeads = 'new_leads',
  SignedProjects = 'signed_projects',
  SignedAmount = 'signed_amount',
  ProjectsRegistered = 'projects_registered',
  ProjectsStarted = 'projects_started',
  CompletedInvestment = 'completed_investment',
  FundsInPlace = 'funds_in_place',
}

export const METRICS: readonly Metric[] = Object.values(Metric);

export const METRIC_LABELS: Record<Metric, string> = {
  [Metric.EnterprisesContacted]: '对接企业数',
  [Metric.Visits]: '走访次数',
  [Metric.NewLeads]: '新增线索',
  [Metric.SignedProjects]: '签约项目数',
  [Metric.SignedAmount]: '签约金额（万元）',
  [Metric.ProjectsRegistered]: '注册落地项目数',
  [Metric.ProjectsStarted]: '开工项目数',
  [Metric.CompletedInvestment]: '完成投资（万元）',
  [Metric.FundsInPlace]: '实际到位资金（万元）',
};

/** Amount metrics are 万元 decimal strings; the others whole counts. */
export const AMOUNT_METRICS: ReadonlySet<Metric> = new Set([Metric.SignedAmount, Metric.CompletedInvestment, Metric.FundsInPlace]);

export type MetricValues = Record<Metric, string>;

export const zeroMetrics = (): MetricValues => Object.fromEntries(METRICS.map((m) => [m, '0'])) as MetricValues;
