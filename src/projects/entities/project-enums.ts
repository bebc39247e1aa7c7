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

/**
 * 建设类型 as a registry summary splits the projects: 续建 (carried over from earlier years:
 * projects.is_continuing) whatever its nature; otherwise 改扩建 (扩建, 改建/技改) or 新建 (新建,
 * and 迁建: built anew on another site). Defined here once: {@link constructionTypeOf} for a
 * project, ProjectsRepository's SQL from {@link REBUILD_NATURES} for the counts.
 */
export enum ConstructionType {
  New = 'new',
  Continuing = 'continuing',
  Rebuild = 'rebuild',
}

export const CONSTRUCTION_TYPES: readonly ConstructionType[] = [ConstructionType.New, ConstructionType.Continuing, ConstructionType.Rebuild];

export const CONSTRUCTION_TYPE_LABELS: Record<ConstructionType, string> = {
  [ConstructionType.New]: '新建',
  [ConstructionType.Continuing]: '续建',
  [ConstructionType.Rebuild]: '改扩建',
};

/** The natures a project not carried over counts as 改扩建 by. */
export const REBUILD_NATURES: readonly ProjectNature[] = [ProjectNature.Expansion, ProjectNature.Renovation];

export function constructionTypeOf(p: { isContinuing: boolean; nature: ProjectNature }): ConstructionType {
  if (p.isContinuing) return ConstructionType.Continuing;
  return REBUILD_NATURES.includes(p.nature) ? ConstructionType.Rebuild : ConstructionType.New;
}

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
