import { ROLE_LABEL } from '../layout/navigation';
import { LIFECYCLES, LEVELS, PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../pages/projects/project-fields';
import { AGREEMENT_TYPES, LEAD_SOURCES } from '../pages/leads/lead-fields';
import { STAGE_LABEL } from '../pages/pipeline/stage-rules';
import { formatDateTime } from './date';

/**
 * 字段中文名: what the service's field names (API bodies, audit changes) are called on screen.
 * One map for the whole app: the audit log reads it, and forms should take their labels from it.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  // 通用
  id: '编号',
  name: '名称',
  title: '标题',
  description: '说明',
  notes: '备注',
  status: '状态',
  kind: '类型',
  type: '类型',
  isActive: '启用',
  isArchived: '已归档',
  archivedAt: '归档时间',
  createdById: '创建人',
  // 用户
  username: '登录名',
  displayName: '姓名',
  role: '角色',
  phone: '手机',
  email: '邮箱',
  lastLoginAt: '最近登录',
  passwordHash: '密码',
  password: '密码',
  teamIds: '所属招商队',
  managedRegionUnitIds: '分管区域',
  managedTeamIds: '分管招商队',
  // 区域、招商队、参考数据
  parentId: '上级',
  code: '区划代码',
  level: '级别',
  regionUnitId: '所属区域',
  leaderId: '队长',
  memberIds: '队员',
  userId: '人员',
  focusChainIds: '重点产业链',
  focusSourceRegionIds: '重点招商区域',
  isPrimary: '重点区域',
  sortOrder: '排序',
  // 企业、联系人
  shortName: '简称',
  creditCode: '统一社会信用代码',
  creditCodeChecksumOverridden: '校验位例外',
  industryChainId: '产业链',
  hqProvince: '总部省份',
  hqCity: '总部城市',
  tags: '企业标签',
  foundedOn: '成立日期',
  enterpriseId: '企业',
  survivorId: '合并后保留的企业',
  mobile: '手机',
  landline: '座机',
  wechat: '微信',
  // 对接记录
  occurredAt: '对接时间',
  location: '地点',
  summary: '对接内容',
  outcome: '对接结果',
  nextFollowUpAt: '下次跟进',
  followUpDoneAt: '跟进完成时间',
  participantIds: '参与人员',
  contactIds: '对接联系人',
  authorId: '记录人',
  // 线索、撞单
  teamId: '招商队',
  ownerId: '负责人',
  targetRegionUnitId: '拟落地旗县区',
  sourceRegionId: '客商来源地',
  intendedAmount: '意向投资额（万元）',
  expectedSignDate: '预计签约日期',
  source: '招商方式',
  isAnchor: '牵引性项目',
  stage: '阶段',
  sideStateReason: '搁置/终止原因',
  leadId: '线索',
  requestingTeamId: '申请招商队',
  requestedById: '申请人',
  reason: '理由',
  decidedById: '裁定人',
  decidedAt: '裁定时间',
  decisionNote: '裁定意见',
  // 签约、签约活动
  agreementType: '协议类型',
  amount: '签约金额（万元）',
  signedOn: '签约日期',
  parties: '签约各方',
  signingEventId: '签约活动',
  landingRegionUnitId: '落地旗县区',
  reviewStatus: '认定状态',
  reviewNote: '认定意见',
  reviewedById: '认定人',
  heldOn: '举办日期',
  isOnline: '网上签约',
  // 项目、卡点问题
  totalInvestment: '总投资（万元）',
  isContinuing: '续建项目',
  nature: '建设性质',
  lifecycle: '项目阶段',
  ownerUserId: '项目负责人',
  registeredOn: '注册日期',
  plannedStartOn: '计划开工日期',
  startedOn: '开工日期',
  plannedCompletionOn: '计划竣工日期',
  completedOn: '竣工日期',
  capacity: '产能',
  expectedOutputValue: '预计年产值（万元）',
  expectedTax: '预计年税收（万元）',
  projectId: '项目',
  category: '问题类别',
  responsibleDepartment: '责任部门',
  dueOn: '办结时限',
  resolution: '解决情况',
  resolvedAt: '解决时间',
  // 指标、排名
  periodType: '周期类型',
  year: '年度',
  quarter: '季度',
  values: '指标值',
  isStretch: '争取目标',
  // Webhook、登录锁定、导入导出
  url: '地址',
  format: '消息格式',
  lockedUntil: '锁定至',
  scope: '锁定范围',
  address: '来源地址',
  failures: '失败次数',
  lastFailureAt: '最近失败时间',
  reviewedAt: '认定时间',
  rows: '行数',
  version: '版本',
  correctionOf: '更正的通报',
  filters: '筛选条件',
  complete: '完整导出',
};

/** Where a name means something else on one kind of record (a contact's title is 职务). */
const BY_ENTITY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'enterprise-contact': { name: '姓名', title: '职务' },
  lead: { title: '线索名称' },
  project: { name: '项目名称', level: '项目级别' },
  enterprise: { name: '企业名称' },
  team: { name: '队名' },
  region: { name: '区域名称', level: '层级' },
  interaction: { type: '对接方式' },
  'lead-claim': { kind: '申请类型', status: '裁定状态' },
  'project-problem': { status: '办理状态', description: '问题描述' },
  signing: { kind: '签约类型' },
  ranking: { title: '通报标题' },
};

/** A field's 中文名 on a record of `entity`; the field name itself when the map has none. */
export function fieldLabel(field: string, entity?: string): string {
  return (entity ? BY_ENTITY[entity]?.[field] : undefined) ?? FIELD_LABELS[field] ?? field;
}

const INTERACTION_TYPES: Record<string, string> = {
  visit: '外出拜访',
  inbound_visit: '来访考察',
  call: '电话沟通',
  video: '视频会议',
  promotion_event: '推介会',
  signing_ceremony: '签约活动',
};

const pairs = (list: ReadonlyArray<{ value: string; label: string }>): Record<string, string> => Object.fromEntries(list.map((o) => [o.value, o.label]));

/** Coded values a field holds, as people say them. */
const VALUE_LABELS: Readonly<Record<string, Record<string, string>>> = {
  role: ROLE_LABEL,
  stage: STAGE_LABEL,
  source: pairs(LEAD_SOURCES),
  agreementType: pairs(AGREEMENT_TYPES),
  lifecycle: pairs(LIFECYCLES),
  category: pairs(PROBLEM_CATEGORIES),
};
const VALUE_LABELS_BY_ENTITY: Readonly<Record<string, Record<string, Record<string, string>>>> = {
  project: { level: pairs(LEVELS) },
  'project-problem': { status: pairs(PROBLEM_STATUSES) },
  interaction: { type: INTERACTION_TYPES },
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A changed value as the audit log shows it: a record id as its name (from `names`), a code as
 * its label, true/false as 是/否, an instant in Beijing time, a list joined with 、.
 */
export function fieldValue(field: string, value: unknown, names: Readonly<Record<string, string>> = {}, entity?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map((v) => fieldValue(field, v, names, entity)).join('、') : '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') {
    if (value === '[redacted]') return '（已隐藏）';
    if (names[value]) return names[value];
    const coded = (entity ? VALUE_LABELS_BY_ENTITY[entity]?.[field] : undefined) ?? VALUE_LABELS[field];
    if (coded?.[value]) return coded[value];
    if (INSTANT.test(value)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
