import { Carrier } from '../carriers/entities/carrier.entity';
import { PromotedProject } from '../carriers/entities/promoted-project.entity';
import { LoginThrottle } from '../auth/entities/login-throttle.entity';
import { RateLimitHit } from '../common/throttling/rate-limit-hit.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { AuditEntry } from '../common/audit/audit-entry.entity';
import { EnterpriseContact } from '../enterprises/entities/enterprise-contact.entity';
import { Enterprise } from '../enterprises/entities/enterprise.entity';
import { Interaction } from '../interactions/entities/interaction.entity';
import { NotificationDelivery } from '../notifications/entities/notification-delivery.entity';
import { NotificationPreference } from '../notifications/entities/notification-preference.entity';
import { Notification } from '../notifications/entities/notification.entity';
import { WebhookEndpoint } from '../notifications/entities/webhook-endpoint.entity';
import { OutboxMessage } from '../queue/outbox-message.entity';
import { QueueReconciliationRun } from '../queue/queue-reconciliation.entity';
import { Ranking } from '../rankings/entities/ranking.entity';
import { RankingPreviewEntry } from '../rankings/entities/ranking-preview.entity';
import { TargetRevision } from '../targets/entities/target-revision.entity';
import { Target } from '../targets/entities/target.entity';
import { LeadClaim } from '../leads/entities/lead-claim.entity';
import { LeadCoTeam } from '../leads/entities/lead-co-team.entity';
import { LeadStageChange } from '../leads/entities/lead-stage-change.entity';
import { LeadStageTotal } from '../leads/entities/lead-stage-total.entity';
import { LeadRegionStageTotal } from '../leads/entities/lead-region-stage-total.entity';
import { LeadRegionStageDayCount, LeadStageDayCount } from '../leads/entities/lead-stage-day-count.entity';
import { Lead } from '../leads/entities/lead.entity';
import { SigningEvent } from '../signings/entities/signing-event.entity';
import { Signing } from '../signings/entities/signing.entity';
import { ProjectMonthlyFunds } from '../projects/entities/project-monthly-funds.entity';
import { SigningCredit } from '../signings/entities/signing-credit.entity';
import { ProjectMonthlyProgress } from '../projects/entities/project-monthly-progress.entity';
import { ProjectNode } from '../projects/entities/project-node.entity';
import { ProjectProblem } from '../projects/entities/project-problem.entity';
import { ProblemReply } from '../projects/entities/problem-reply.entity';
import { Department } from '../departments/entities/department.entity';
import { ProjectSigning } from '../projects/entities/project-signing.entity';
import { ProjectYearPlan } from '../projects/entities/project-year-plan.entity';
import { Project } from '../projects/entities/project.entity';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { SourceRegion } from '../reference/entities/source-region.entity';
import { RegionUnit } from '../regions/entities/region-unit.entity';
import { ManagerScope } from '../access/entities/manager-scope.entity';
import { Team } from '../teams/entities/team.entity';
import { TeamMember } from '../access/entities/team-member.entity';
import { User } from '../users/entities/user.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Attachment } from '../attachments/entities/attachment.entity';
import { ChainLink } from '../chain-map/entities/chain-link.entity';
import { ChainLinkCompany } from '../chain-map/entities/chain-link-company.entity';

/**
 * Every entity, listed rather than globbed: the app, the migration CLI and the tests
 * (which load TypeScript through jest) then see exactly the same schema.
 */
export const ENTITIES = [
  AuditEntry,
  User,
  RefreshToken,
  LoginThrottle,
  RateLimitHit,
  RegionUnit,
  IndustryChain,
  SourceRegion,
  ChainLink,
  ChainLinkCompany,
  Team,
  TeamMember,
  ManagerScope,
  Enterprise,
  EnterpriseContact,
  Interaction,
  IdempotencyKey,
  Lead,
  LeadCoTeam,
  LeadStageChange,
  LeadStageTotal,
  LeadRegionStageTotal,
  LeadStageDayCount,
  LeadRegionStageDayCount,
  LeadClaim,
  SigningEvent,
  Signing,
  SigningCredit,
  Project,
  ProjectSigning,
  ProjectNode,
  ProjectYearPlan,
  ProjectMonthlyProgress,
  ProjectMonthlyFunds,
  ProjectProblem,
  ProblemReply,
  Department,
  OutboxMessage,
  QueueReconciliationRun,
  Notification,
  NotificationDelivery,
  NotificationPreference,
  WebhookEndpoint,
  Target,
  TargetRevision,
  Ranking,
  RankingPreviewEntry,
  Attachment,
  Carrier,
  PromotedProject,
];
