/** 载体类型: a park (园区), a land parcel (土地) or a standard factory (标准化厂房). */
export enum CarrierKind {
  Park = 'park',
  Land = 'land',
  Factory = 'factory',
}

export const CARRIER_KIND_LABELS: Record<CarrierKind, string> = {
  [CarrierKind.Park]: '园区',
  [CarrierKind.Land]: '土地',
  [CarrierKind.Factory]: '标准化厂房',
};

/** 面积单位: land in 亩, buildings in ㎡. */
export enum AreaUnit {
  Mu = 'mu',
  SquareMetre = 'sqm',
}

export const AREA_UNIT_LABELS: Record<AreaUnit, string> = {
  [AreaUnit.Mu]: '亩',
  [AreaUnit.SquareMetre]: '㎡',
};

/** 价格单位: land sells per 亩, factories rent per ㎡ a month or sell per ㎡. */
export enum PriceUnit {
  WanYuanPerMu = 'wan_yuan_per_mu',
  YuanPerSqmMonth = 'yuan_per_sqm_month',
  YuanPerSqm = 'yuan_per_sqm',
}

export const PRICE_UNIT_LABELS: Record<PriceUnit, string> = {
  [PriceUnit.WanYuanPerMu]: '万元/亩',
  [PriceUnit.YuanPerSqmMonth]: '元/㎡·月',
  [PriceUnit.YuanPerSqm]: '元/㎡',
};

/** 可用 / 洽谈中 / 已落地. */
export enum CarrierAvailability {
  Available = 'available',
  Negotiating = 'negotiating',
  Landed = 'landed',
}

export const AVAILABILITY_LABELS: Record<CarrierAvailability, string> = {
  [CarrierAvailability.Available]: '可用',
  [CarrierAvailability.Negotiating]: '洽谈中',
  [CarrierAvailability.Landed]: '已落地',
};

/** 推介项目状态: 推介中 / 洽谈中 / 已落地. */
export enum PromotedProjectStatus {
  Promoting = 'promoting',
  Negotiating = 'negotiating',
  Landed = 'landed',
}

export const PROMOTED_STATUS_LABELS: Record<PromotedProjectStatus, string> = {
  [PromotedProjectStatus.Promoting]: '推介中',
  [PromotedProjectStatus.Negotiating]: '洽谈中',
  [PromotedProjectStatus.Landed]: '已落地',
};
