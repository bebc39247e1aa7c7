/** What a notification is about; users choose channels per kind. */
export enum NotificationKind {
  FollowUpDue = 'follow_up_due',
  FollowUpOverdue = 'follow_up_overdue',
  LeadIdle = 'lead_idle',
  LeadProtectionExpired = 'lead_protection_expired',
  LeadResponseDue = 'lead_response_due',
  LeadResponseOverdue = 'lead_response_overdue',
  LeadClaimFiled = 'lead_claim_filed',
  LeadClaimDecided = 'lead_claim_decided',
  WeeklyDigest = 'weekly_digest',
  ProjectRegistered = 'project_registered',
  ProjectProgressDue = 'project_progress_due',
  ProjectProblemOverdue = 'project_problem_overdue',
  SigningReviewDue = 'signing_review_due',
  SigningReviewed = 'signing_reviewed',
}

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  [NotificationKind.FollowUpDue]: '跟进提醒',
  [NotificationKind.FollowUpOverdue]: '逾期未跟进（督办）',
  [NotificationKind.LeadIdle]: '线索长期未对接',
  [NotificationKind.LeadProtectionExpired]: '线索超过保护期',
  [NotificationKind.LeadResponseDue]: '重大线索响应时限',
  [NotificationKind.LeadResponseOverdue]: '重大线索响应逾期（督办）',
  [NotificationKind.LeadClaimFiled]: '撞单申请',
  [NotificationKind.LeadClaimDecided]: '撞单裁定结果',
  [NotificationKind.WeeklyDigest]: '每周督办简报',
  [NotificationKind.ProjectRegistered]: '签约项目入库',
  [NotificationKind.ProjectProgressDue]: '项目月度进度填报提醒',
  [NotificationKind.ProjectProblemOverdue]: '项目卡点问题逾期',
  [NotificationKind.SigningReviewDue]: '签约待认定',
  [NotificationKind.SigningReviewed]: '签约认定结果',
};

export type DeliveryChannel = 'webhook' | 'email';
export const CHANNELS = ['in_app', 'webhook', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
