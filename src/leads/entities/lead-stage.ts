/** Pipeline stages (招商项目推进阶段) and the two side states. */
export enum LeadStage {
  Lead = 'lead',
  Contacted = 'contacted',
  SiteVisit = 'site_visit',
  Negotiating = 'negotiating',
  Signed = 'signed',
  OnHold = 'on_hold',
  Lost = 'lost',
}

/** The forward path; on hold and lost stand beside it. */
export const PIPELINE: readonly LeadStage[] = [LeadStage.Lead, LeadStage.Contacted, LeadStage.SiteVisit, LeadStage.Negotiating, LeadStage.Signed];

/** Open stages: what the board counts as pipeline (never signed or lost). */
export const OPEN_STAGES: readonly LeadStage[] = [LeadStage.Lead, LeadStage.Contacted, LeadStage.SiteVisit, LeadStage.Negotiating];

/** The board's columns, left to right: the forward path, then on hold and lost. */
export const BOARD_COLUMNS: readonly LeadStage[] = [...PIPELINE, LeadStage.OnHold, LeadStage.Lost];

export const LEAD_STAGE_LABELS: Record<LeadStage, string> = {
  [LeadStage.Lead]: '线索',
  [LeadStage.Contacted]: '初步接洽',
  [LeadStage.SiteVisit]: '考察对接',
  [LeadStage.Negotiating]: '实质性洽谈',
  [LeadStage.Signed]: '已签约',
  [LeadStage.OnHold]: '搁置',
  [LeadStage.Lost]: '终止',
};

/** 招商方式. */
export enum LeadSource {
  DoorToDoor = 'door_to_door',
  BusinessReferral = 'business_referral',
  ResidentOffice = 'resident_office',
  Agency = 'agency',
  Online = 'online',
  Exhibition = 'exhibition',
  Other = 'other',
}

export const LEAD_SOURCE_LABELS: Record<LeadSource, string> = {
  [LeadSource.DoorToDoor]: '上门招商',
  [LeadSource.BusinessReferral]: '以商招商',
  [LeadSource.ResidentOffice]: '驻点招商',
  [LeadSource.Agency]: '委托招商',
  [LeadSource.Online]: '网上招商',
  [LeadSource.Exhibition]: '展会招商',
  [LeadSource.Other]: '其他',
};
