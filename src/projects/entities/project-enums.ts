/** 项目阶段: 已签约 → 已注册 → 前期手续 → 开工建设 → 投产运行, and 停缓建 beside the path. */
export enum ProjectLifecycle {
  Signed = 'signed',
  Registered = 'registered',
  Preparation = 'preparation',
  Construction = 'construction',
  Operating = 'operating',
  Stalled = 'stalled',
}

/** The forward path; stalled (停缓建) stands beside it. */
export const LIFECYCLE_PATH: readonly ProjectLifecycle[] = [
  ProjectLifecycle.Signed,
  ProjectLifecycle.Registered,
  ProjectLifecycle.Preparation,
  ProjectLifecycle.Construction,
  ProjectLifecycle.Operating,
];

/** The milestones (节点) a project is scheduled and tracked by. */
export const PROJECT_NODES: readonly ProjectLifecycle[] = [
  ProjectLifecycle.Registered,
  ProjectLifecycle.Preparation,
  ProjectLifecycle.Construction,
  ProjectLifecycle.Operating,
];

export const LIFECYCLE_LABELS: Record<ProjectLifecycle, string> = {
  [ProjectLifecycle.Signed]: '已签约',
  [ProjectLifecycle.Registered]: '已注册',
  [ProjectLifecycle.Preparation]: '前期手续',
  [ProjectLifecycle.Construction]: '开工建设',
  [ProjectLifecycle.Operating]: '投产运行',
  [ProjectLifecycle.Stalled]: '停缓建',
};

/** 建设性质. */
export enum ProjectNature {
  New = 'new',
  Expansion = 'expansion',
  Renovation = 'renovation',
  Relocation = 'relocation',
}

export const NATURE_LABELS: Record<ProjectNature, string> = {
  [ProjectNature.New]: '新建',
  [ProjectNature.Expansion]: '扩建',
  [ProjectNature.Renovation]: '改建/技改',
  [ProjectNature.Relocation]: '迁建',
};

/** 项目级别. */
export enum ProjectLevel {
  RegionMajor = 'region_major',
  CityKey = 'city_key',
  CountyKey = 'county_key',
  General = 'general',
}

export const LEVEL_LABELS: Record<ProjectLevel, string> = {
  [ProjectLevel.RegionMajor]: '自治区重大',
  [ProjectLevel.CityKey]: '市重点',
  [ProjectLevel.CountyKey]: '旗县重点',
  [ProjectLevel.General]: '一般',
};

/** 卡点堵点类别. */
export enum ProblemCategory {
  Land = 'land',
  Energy = 'energy',
  Funding = 'funding',
  Approval = 'approval',
  Power = 'power',
  Environment = 'environment',
  Other = 'other',
}

export const PROBLEM_CATEGORY_LABELS: Record<ProblemCategory, string> = {
  [ProblemCategory.Land]: '用地',
  [ProblemCategory.Energy]: '能耗',
  [ProblemCategory.Funding]: '资金',
  [ProblemCategory.Approval]: '审批',
  [ProblemCategory.Power]: '电力',
  [ProblemCategory.Environment]: '环评',
  [ProblemCategory.Other]: '其他',
};

export enum ProblemStatus {
  Open = 'open',
  InProgress = 'in_progress',
  Resolved = 'resolved',
}

export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = {
  [ProblemStatus.Open]: '待解决',
  [ProblemStatus.InProgress]: '协调中',
  [ProblemStatus.Resolved]: '已解决',
};

/** How a rolled-up signing counted (mirrors the pipeline's kinds, without importing it). */
export enum RolledUpSigningKind {
  Initial = 'initial',
  Supplement = 'supplement',
}
