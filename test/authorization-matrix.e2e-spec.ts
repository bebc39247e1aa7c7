import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { ChainMapService } from '../src/chain-map/chain-map.service';
import { ChainPlacement } from '../src/chain-map/entities/chain-link-company.entity';
import { ChainSegment } from '../src/chain-map/entities/chain-link.entity';
import { CarriersService } from '../src/carriers/carriers.service';
import { AreaUnit, CarrierKind } from '../src/carriers/entities/carrier-enums';
import { AuthUser, Role } from '../src/common/auth/auth-user';
import { LeadView } from '../src/leads/dto/lead.dto';
import { LeadClaimKind } from '../src/leads/entities/lead-claim.entity';
import { LeadClaimsService } from '../src/leads/lead-claims.service';
import { REPORTING_RULES, ReportingRules } from '../src/metrics/reporting-rules';
import { NotificationKind } from '../src/notifications/entities/notification-kind';
import { NotificationsService } from '../src/notifications/notifications.service';
import { WebhooksService } from '../src/notifications/webhooks.service';
import { ProjectProblemsService } from '../src/projects/project-problems.service';
import { RankingsService } from '../src/rankings/rankings.service';
import { DepartmentsService } from '../src/departments/departments.service';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { TargetsService } from '../src/targets/targets.service';
import { TeamsService } from '../src/teams/teams.service';
import { UsersService } from '../src/users/users.service';
import { cjk, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory, TestUser, unique } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { ProjectFactory } from './harness/project-factories';
import { TargetFactory, thisYear } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * The authorization matrix (issue 12, item 8a): every operation of the API document, asked by
 * every kind of caller, about records of team A — in scope for some callers, out of it for the
 * others. The expected answers are written by hand in MATRIX below, one row per operation;
 * the test fails when the document has an operation without a row, or a row names an
 * operation the document no longer has.
 *
 * The organisation (one for the whole file):
 *
 *   city ─ county X ─ team A (memberA, and the deactivated user) ─ team B (memberB)
 *        └ county Y ─ team C (memberC)
 *   managerX manages county X (teams A and B); managerY manages county Y (team C).
 *   department is a 责任部门 account (督办) of department D: it reaches its account, its notifications
 *   and D's 交办单 (one on team A's project), and is refused (403) every other route by role.
 *
 * The lead the matrix asks about is team A's, co-pursued by team B (联合跟进): team B sees it
 * but may not change it; team C (a third team) and managerY get 404.
 */

/** Who is asking. `inactive` is a deactivated member of team A whose access token is still signed and unexpired. */
const CALLERS = ['anon', 'inactive', 'department', 'memberC', 'managerY', 'memberB', 'memberA', 'managerX', 'admin'] as const;
type Who = (typeof CALLERS)[number];

/** '2xx' is any success; error answers are exact. */
type Status = '2xx' | 400 | 401 | 403 | 404 | 409;
type Row = Record<Who, Status>;

const ok = '2xx';

// ---------------------------------------------------------------------------------------
// Profiles the rows are made of. "Team A's record": in scope for memberA, managerX, admin.

/** Public: no token needed, any token ignored. */
const PUBLIC: Row = { anon: ok, inactive: ok, department: ok, memberC: ok, managerY: ok, memberB: ok, memberA: ok, managerX: ok, admin: ok };
/** Any signed-in, active account, 责任部门 accounts included (their account and notifications). */
const ANY_ACCOUNT: Row = { ...PUBLIC, anon: 401, inactive: 401 };
/**
 * Any signed-in, active user of the investment side; the answer is filtered to their scope where it
 * lists records. A 责任部门 account is refused by role (RolesGuard: only @DepartmentReachable routes).
 */
const SIGNED_IN: Row = { ...ANY_ACCOUNT, department: 403 };
const ADMIN_ONLY: Row = { ...SIGNED_IN, memberC: 403, managerY: 403, memberB: 403, memberA: 403, managerX: 403 };
/** Managers and admins (no record in the path, or a record everyone may see). */
const MANAGERS: Row = { ...SIGNED_IN, memberC: 403, memberB: 403, memberA: 403 };
/** A record of team A: 404 for everyone who cannot see team A. */
const TEAM_A: Row = { ...SIGNED_IN, memberC: 404, managerY: 404, memberB: 404 };
/** A write on team A's record reserved to managers and admins: members are refused by role first. */
const TEAM_A_MANAGERS: Row = { ...TEAM_A, memberA: 403, memberB: 403, memberC: 403 };
/** Team A's project owned by memberA: managerX sees it but only the owner or an admin reports on it. */
const PROJECT_OWNER: Row = { ...TEAM_A, managerX: 403 };
/** The co-pursued lead (teams A and B): both teams see it; team C and managerY do not. */
const LEAD_READ: Row = { ...SIGNED_IN, memberC: 404, managerY: 404 };
/** Only the owning team (A) and the managers above it change the lead; co-pursuing team B sees it, so 403. */
const LEAD_WRITE: Row = { ...LEAD_READ, memberB: 403 };
/** Personal to memberA (a notification, a personal webhook): nobody else, admins included, finds it. */
const MEMBER_A_ONLY: Row = { ...ANY_ACCOUNT, department: 404, memberC: 404, managerY: 404, memberB: 404, managerX: 404, admin: 404 };
/** Department D's 交办单 on team A's project: D's account and whoever sees team A. */
const DEPT_ITEM: Row = { ...TEAM_A, department: ok };

/**
 * THE TABLE: "METHOD /path" (as the document spells it) → the answer each caller gets. A key may
 * carry a variant after " #" to ask the same operation about another record. Adding a route:
 * one row here (and, if its path has parameters or it needs a body, one entry in CALLS).
 */
const MATRIX: Record<string, Row> = {
  // health and sign-in
  'GET /api/health': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/refresh': PUBLIC,
  'POST /api/v1/auth/logout': PUBLIC,
  'GET /api/v1/auth/me': ANY_ACCOUNT,
  'POST /api/v1/auth/password': ANY_ACCOUNT,

  // administration
  'GET /api/v1/audit': ADMIN_ONLY,
  'GET /api/v1/auth/login-locks': ADMIN_ONLY,
  'DELETE /api/v1/auth/login-locks/{id}': ADMIN_ONLY,
  'GET /api/v1/admin/queues': ADMIN_ONLY,
  'GET /api/v1/admin/queues/{queue}/failed': ADMIN_ONLY,
  // No worker runs in this app, so no job can fail: the admin's 404 is "no such failed job"
  // (background-queues.e2e-spec retries a real one). Everyone else is refused by role.
  'POST /api/v1/admin/queues/{queue}/jobs/{jobId}/retry': { ...ADMIN_ONLY, admin: 404 },
  'GET /api/v1/users': ADMIN_ONLY,
  'POST /api/v1/users': ADMIN_ONLY,
  'GET /api/v1/users/{id}': ADMIN_ONLY,
  'PATCH /api/v1/users/{id}': ADMIN_ONLY,
  'GET /api/v1/users/{id}/managed-scope': ADMIN_ONLY,
  'PUT /api/v1/users/{id}/managed-scope': ADMIN_ONLY,

  // organisation and reference data: read by all, written by admins
  'GET /api/v1/regions': SIGNED_IN,
  'POST /api/v1/regions': ADMIN_ONLY,
  'GET /api/v1/regions/tree': SIGNED_IN,
  'GET /api/v1/regions/{id}': SIGNED_IN,
  'PATCH /api/v1/regions/{id}': ADMIN_ONLY,
  'DELETE /api/v1/regions/{id}': ADMIN_ONLY,
  'GET /api/v1/regions/divisions/provinces': ADMIN_ONLY,
  'GET /api/v1/regions/divisions/provinces/{provinceCode}/cities': ADMIN_ONLY,
  'POST /api/v1/regions/divisions/import': ADMIN_ONLY,
  'GET /api/v1/industry-chains': SIGNED_IN,
  'POST /api/v1/industry-chains': ADMIN_ONLY,
  'GET /api/v1/industry-chains/{id}': SIGNED_IN,
  'PATCH /api/v1/industry-chains/{id}': ADMIN_ONLY,
  // 产业链图谱: links and placements are shared reference data kept by admins; the figures and leads shown are scoped.
  'GET /api/v1/industry-chains/{id}/graph': SIGNED_IN,
  'GET /api/v1/chain-links/{id}': SIGNED_IN,
  'POST /api/v1/chain-links': ADMIN_ONLY,
  'PATCH /api/v1/chain-links/{id}': ADMIN_ONLY,
  'DELETE /api/v1/chain-links/{id}': ADMIN_ONLY,
  'POST /api/v1/chain-links/{id}/companies': ADMIN_ONLY,
  'PATCH /api/v1/chain-links/{id}/companies/{enterpriseId}': ADMIN_ONLY,
  'DELETE /api/v1/chain-links/{id}/companies/{enterpriseId}': ADMIN_ONLY,
  // 目标企业 → 线索 is POST /leads by another door, with the same answers (managerY cannot open one for team A: 400).
  'POST /api/v1/chain-links/{id}/companies/{enterpriseId}/lead': { ...SIGNED_IN, managerY: 400 },
  'GET /api/v1/source-regions': SIGNED_IN,
  'POST /api/v1/source-regions': ADMIN_ONLY,
  'GET /api/v1/source-regions/{id}': SIGNED_IN,
  'PATCH /api/v1/source-regions/{id}': ADMIN_ONLY,

  // teams: a team is seen by its members and the managers above it
  'GET /api/v1/teams': SIGNED_IN,
  'POST /api/v1/teams': ADMIN_ONLY,
  'GET /api/v1/teams/{id}': TEAM_A,
  'PATCH /api/v1/teams/{id}': ADMIN_ONLY,
  'GET /api/v1/teams/{id}/members': TEAM_A,
  'POST /api/v1/teams/{id}/members': TEAM_A_MANAGERS,
  'DELETE /api/v1/teams/{id}/members/{userId}': TEAM_A_MANAGERS,

  // the enterprise registry is shared by every team; archiving is for managers, merging for admins
  'GET /api/v1/enterprises': SIGNED_IN,
  'POST /api/v1/enterprises': SIGNED_IN,
  'GET /api/v1/enterprises/export.xlsx': SIGNED_IN,
  'GET /api/v1/enterprises/{id}': SIGNED_IN,
  'PATCH /api/v1/enterprises/{id}': SIGNED_IN,
  'POST /api/v1/enterprises/{id}/archive': MANAGERS,
  'POST /api/v1/enterprises/{id}/restore': MANAGERS,
  'POST /api/v1/enterprises/{id}/merge': ADMIN_ONLY,
  'GET /api/v1/enterprises/{enterpriseId}/contacts': SIGNED_IN,
  'POST /api/v1/enterprises/{enterpriseId}/contacts': SIGNED_IN,
  'PATCH /api/v1/enterprises/{enterpriseId}/contacts/{id}': SIGNED_IN,
  'DELETE /api/v1/enterprises/{enterpriseId}/contacts/{id}': SIGNED_IN,
  'POST /api/v1/imports/enterprises': ADMIN_ONLY,
  // history of a city moving in: admins only; the exports (their templates) show each caller their scope
  'POST /api/v1/imports/leads': ADMIN_ONLY,
  'POST /api/v1/imports/interactions': ADMIN_ONLY,
  'GET /api/v1/leads/export.xlsx': SIGNED_IN,
  'GET /api/v1/lead-claims/export.xlsx': SIGNED_IN,
  'GET /api/v1/interactions/export.xlsx': SIGNED_IN,

  // interactions: team A's, logged by memberA
  'GET /api/v1/interactions': SIGNED_IN,
  // Members log for their own team; managers name team A, which managerY may not write for (400 naming teamId).
  'POST /api/v1/interactions': { ...SIGNED_IN, managerY: 400 },
  'GET /api/v1/enterprises/{enterpriseId}/interactions': SIGNED_IN,
  'GET /api/v1/interactions/{id}': TEAM_A,
  'PATCH /api/v1/interactions/{id}': TEAM_A,
  'DELETE /api/v1/interactions/{id}': TEAM_A,
  'POST /api/v1/interactions/{id}/follow-up-done': TEAM_A,

  // leads: team A's lead, co-pursued by team B
  'GET /api/v1/leads': SIGNED_IN,
  // Members open leads for their own team; managers for team A (managerY may not: 400 naming teamId).
  'POST /api/v1/leads': { ...SIGNED_IN, managerY: 400 },
  'GET /api/v1/leads/{id}': LEAD_READ,
  'GET /api/v1/leads/{id} #team A alone': TEAM_A,
  'PATCH /api/v1/leads/{id}': LEAD_WRITE,
  'DELETE /api/v1/leads/{id}': LEAD_WRITE,
  'POST /api/v1/leads/{id}/transitions': LEAD_WRITE,
  'POST /api/v1/leads/{id}/release': { ...LEAD_WRITE, memberA: 403, memberB: 403, memberC: 403 },
  // Bulk actions: the single action's answer for the one lead named; releasing is refused to members by role first.
  'POST /api/v1/leads/bulk': LEAD_WRITE,
  'POST /api/v1/leads/bulk #release': { ...LEAD_WRITE, memberA: 403, memberB: 403, memberC: 403 },
  // A member of the co-pursuing team (B) may record the signing too (the holder keeps it; credit is shared by rule).
  'POST /api/v1/leads/{id}/signings': LEAD_READ,
  // A co-pursuing team's agreed share: managers of the holding team and admins; members refused by role.
  'PATCH /api/v1/leads/{id}/co-teams/{teamId}': { ...LEAD_READ, memberA: 403, memberB: 403 },
  'GET /api/v1/leads/{id}/signings': LEAD_READ,
  'GET /api/v1/leads/{id}/timeline': LEAD_READ,
  'GET /api/v1/lead-claims': SIGNED_IN,
  // A co-pursue claim on a lead team B holds: team B's own member is answered that it holds it (409).
  'POST /api/v1/lead-claims': { ...SIGNED_IN, memberB: 409 },
  // Team B's (approved) claim on the lead: seen by both teams and the managers above them.
  'GET /api/v1/lead-claims/{id}': LEAD_READ,
  // A pending claim of team B on team A's lead: decided by a manager over both, or an admin.
  'POST /api/v1/lead-claims/{id}/decision': { ...LEAD_READ, memberA: 403, memberB: 403, memberC: 403 },
  // Withdrawn by whoever filed it (memberB) or an admin; the holder's side sees it but may not.
  'POST /api/v1/lead-claims/{id}/withdraw': { ...LEAD_READ, memberA: 403, managerX: 403 },
  'GET /api/v1/pipeline/rules': SIGNED_IN,
  'GET /api/v1/reporting/rules': SIGNED_IN,
  'GET /api/v1/reporting/rates': SIGNED_IN,
  // The 通报 table of county X: admins and the managers who see it whole.
  'GET /api/v1/reporting/units': { ...MANAGERS, managerY: 404 },
  'GET /api/v1/pipeline/board': SIGNED_IN,
  'GET /api/v1/pipeline/columns': SIGNED_IN,
  'GET /api/v1/pipeline/funnel': SIGNED_IN,

  // signing events are the city's: read by all, kept by admins
  'GET /api/v1/signing-events': SIGNED_IN,
  'POST /api/v1/signing-events': ADMIN_ONLY,
  'GET /api/v1/signing-events/{id}': SIGNED_IN,
  'PATCH /api/v1/signing-events/{id}': ADMIN_ONLY,
  'DELETE /api/v1/signing-events/{id}': ADMIN_ONLY,
  'GET /api/v1/signing-events/{id}/signings': SIGNED_IN,
  // 网签项目清单: every caller gets the event's list, holding the signings they may see.
  'GET /api/v1/signing-events/{id}/roster': SIGNED_IN,
  'GET /api/v1/signing-events/{id}/roster.xlsx': SIGNED_IN,
  'GET /api/v1/signing-events/xlsx': SIGNED_IN,
  // 载体与推介项目库: everyone reads the catalogue; an admin, or county X's manager, keeps county X's records.
  'GET /api/v1/carriers': SIGNED_IN,
  'POST /api/v1/carriers': TEAM_A_MANAGERS,
  'GET /api/v1/carriers/xlsx': SIGNED_IN,
  'GET /api/v1/carriers/{id}': SIGNED_IN,
  'PATCH /api/v1/carriers/{id}': TEAM_A_MANAGERS,
  'DELETE /api/v1/carriers/{id}': TEAM_A_MANAGERS,
  'GET /api/v1/promoted-projects': SIGNED_IN,
  'POST /api/v1/promoted-projects': TEAM_A_MANAGERS,
  'GET /api/v1/promoted-projects/{id}': SIGNED_IN,
  'PATCH /api/v1/promoted-projects/{id}': TEAM_A_MANAGERS,
  'DELETE /api/v1/promoted-projects/{id}': TEAM_A_MANAGERS,
  'GET /api/v1/signings': SIGNED_IN,
  'GET /api/v1/signings/{id}': TEAM_A,
  'POST /api/v1/signings/{id}/review': ADMIN_ONLY,

  // the project registry: team A's project, owned by memberA
  'GET /api/v1/projects': SIGNED_IN,
  'POST /api/v1/projects': ADMIN_ONLY,
  'GET /api/v1/projects/{id}': TEAM_A,
  'PATCH /api/v1/projects/{id}': ADMIN_ONLY,
  'PUT /api/v1/projects/{id}/nodes/{node}': ADMIN_ONLY,
  'PUT /api/v1/projects/{id}/plans/{year}': ADMIN_ONLY,
  'GET /api/v1/projects/{id}/progress': TEAM_A,
  'PUT /api/v1/projects/{id}/progress/{month}': PROJECT_OWNER,
  'GET /api/v1/projects/{id}/funds': TEAM_A,
  'PUT /api/v1/projects/{id}/funds/{month}': PROJECT_OWNER,
  'GET /api/v1/projects/{id}/problems': TEAM_A,
  'POST /api/v1/projects/{id}/problems': PROJECT_OWNER,
  'GET /api/v1/projects/{id}/problems/{problemId}': TEAM_A,
  'PATCH /api/v1/projects/{id}/problems/{problemId}': PROJECT_OWNER,
  'DELETE /api/v1/projects/{id}/problems/{problemId}': PROJECT_OWNER,

  // 督办: 责任部门 (read by the investment side, written by admins) and department D's 交办单
  'GET /api/v1/departments': SIGNED_IN,
  'POST /api/v1/departments': ADMIN_ONLY,
  'GET /api/v1/departments/{id}': SIGNED_IN,
  'PATCH /api/v1/departments/{id}': ADMIN_ONLY,
  'GET /api/v1/supervision/items': ANY_ACCOUNT,
  'GET /api/v1/supervision/figures': MANAGERS,
  'GET /api/v1/supervision/items/{id}': DEPT_ITEM,
  // Another department's 交办单 on the same project: D's account does not find it.
  'GET /api/v1/supervision/items/{id} #other': { ...TEAM_A, department: 404 },
  'POST /api/v1/supervision/items/{id}/replies': DEPT_ITEM,
  // 办结: D, the project's owner or an admin; managerX sees it but may not close it.
  'POST /api/v1/supervision/items/{id}/close': { ...PROJECT_OWNER, department: ok },
  'POST /api/v1/supervision/items/{id}/close #other': { ...PROJECT_OWNER, department: 404 },
  // Reopening: the owner or an admin only.
  'POST /api/v1/supervision/items/{id}/reopen': { ...PROJECT_OWNER, department: 403 },
  'GET /api/v1/registry/summary': SIGNED_IN,
  'GET /api/v1/registry/locations': SIGNED_IN,
  'GET /api/v1/registry/three-un': SIGNED_IN,
  'GET /api/v1/registry/three-un/counties': SIGNED_IN,
  'GET /api/v1/registry/three-un.xlsx': SIGNED_IN,
  // the 项目调度表 and its return: by region units seen whole, so managers and admins
  'GET /api/v1/registry/schedule': MANAGERS,
  'GET /api/v1/registry/schedule.xlsx': MANAGERS,
  'POST /api/v1/imports/project-progress': MANAGERS,
  'GET /api/v1/registry/summary.xlsx': SIGNED_IN,
  'GET /api/v1/registry/unfulfilled': SIGNED_IN,
  'GET /api/v1/registry/unfulfilled.xlsx': SIGNED_IN,
  // 项目清单 and its import: admins, and managers for the counties they see whole (rows elsewhere are row errors).
  'GET /api/v1/registry/projects.xlsx': MANAGERS,
  'POST /api/v1/imports/projects': MANAGERS,

  // notifications are personal
  'GET /api/v1/notifications': ANY_ACCOUNT,
  'GET /api/v1/notifications/unread-count': ANY_ACCOUNT,
  'POST /api/v1/notifications/read-all': ANY_ACCOUNT,
  'GET /api/v1/notifications/preferences': ANY_ACCOUNT,
  'PUT /api/v1/notifications/preferences/{kind}': ANY_ACCOUNT,
  'GET /api/v1/notifications/webhooks': ANY_ACCOUNT,
  'POST /api/v1/notifications/webhooks': ANY_ACCOUNT,
  'DELETE /api/v1/notifications/webhooks/{id}': MEMBER_A_ONLY,
  'POST /api/v1/notifications/{id}/read': MEMBER_A_ONLY,

  // targets: county X's target (assigned by the admin) split into team A's and team B's shares
  'GET /api/v1/targets': SIGNED_IN,
  'POST /api/v1/targets': ADMIN_ONLY,
  'GET /api/v1/targets/progress': SIGNED_IN,
  'GET /api/v1/targets/completion': SIGNED_IN,
  'GET /api/v1/targets/completion.xlsx': SIGNED_IN,
  'GET /api/v1/targets/{id}': TEAM_A,
  // Team A's share: the manager over county X changes and removes it.
  'PATCH /api/v1/targets/{id}': TEAM_A_MANAGERS,
  'DELETE /api/v1/targets/{id}': TEAM_A_MANAGERS,
  // County X's own target: managerX sees it (it is above his teams) but only an admin changes it.
  'PATCH /api/v1/targets/{id} #county target': { ...TEAM_A_MANAGERS, managerX: 403 },
  'DELETE /api/v1/targets/{id} #county target': { ...TEAM_A_MANAGERS, managerX: 403 },
  'POST /api/v1/targets/{id}/split': TEAM_A_MANAGERS,

  // rankings: the preview is for admins and managers (filtered to their scope); a published 通报 for all
  'GET /api/v1/rankings': SIGNED_IN,
  'POST /api/v1/rankings': ADMIN_ONLY,
  'GET /api/v1/rankings/preview': MANAGERS,
  'GET /api/v1/rankings/preview/all': MANAGERS,
  'GET /api/v1/rankings/preview.xlsx': MANAGERS,
  'GET /api/v1/rankings/{id}': SIGNED_IN,
  'GET /api/v1/rankings/{id}/xlsx': SIGNED_IN,
  'GET /api/v1/rankings/{id}/versions': SIGNED_IN,
  'GET /api/v1/dashboard': SIGNED_IN,
  // global search (issue 17): leads and projects within scope, companies for all
  'GET /api/v1/search': SIGNED_IN,
  'POST /api/v1/interactions/{id}/follow-up-postpone': TEAM_A,

  // attachments: seen, added and removed with their record (team A's; the uploader is memberA)
  'GET /api/v1/interactions/{id}/attachments': TEAM_A,
  'POST /api/v1/interactions/{id}/attachments': TEAM_A,
  'GET /api/v1/projects/{id}/attachments': TEAM_A,
  'POST /api/v1/projects/{id}/attachments': TEAM_A,
  'GET /api/v1/attachments/{id}/content': TEAM_A,
  'DELETE /api/v1/attachments/{id}': TEAM_A,
};

// ---------------------------------------------------------------------------------------
// How each operation is called: path parameters, query and body that reach the handler.

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: object;
  /** A multipart upload in field `file`. */
  file?: { content: Buffer; name: string };
  /** Instead of the caller's own token (an operation that would end the caller's session). */
  token?: string | null;
  /** Sees the answer (e.g. to keep a rotated refresh token). */
  after?: (res: Response) => void;
}

interface World {
  users: Record<Exclude<Who, 'anon'>, TestUser>;
  tokens: Record<Who, string | null>;
  countyX: { id: string };
  countyY: { id: string };
  teamA: { id: string };
  teamB: { id: string };
  teamC: { id: string };
  enterprise: { id: string };
  chainId: string;
  sourceRegionId: string;
  interactionId: string;
  /** Team A's lead, co-pursued by team B. */
  lead: LeadView;
  /** Team A's lead, nobody else's. */
  leadA: LeadView;
  claimId: string;
  signingEventId: string;
  projectId: string;
  problemId: string;
  /** Department D (the department caller's) and another; D's 交办单 on team A's project. */
  departmentId: string;
  otherDepartmentId: string;
  itemId: string;
  shareAId: string;
  rankingId: string;
  spareManagerId: string;
  loginUser: TestUser;
  refreshToken?: string;
  /** Refresh tokens of live sessions of loginUser, for logouts. */
  sessions: string[];
  /** Records of single teams, for the lists: each list's known rows by name. */
  known: Record<string, Record<string, string>>;
}

type Recipe = (w: World, who: Who) => Call | Promise<Call>;

let t: TestApp;
let f: Factory;
let crm: CrmFactory;
let pipe: PipelineFactory;
let projects: ProjectFactory;
let targets: TargetFactory;
let w: World;
let serial = 0;
const next = () => ++serial;

const actor = (u: TestUser): AuthUser => ({ id: u.id, username: u.username, displayName: u.username, role: u.role });
const roleOf = (who: Who): Role => (who === 'admin' ? Role.Admin : who === 'department' ? Role.Department : who.startsWith('manager') ? Role.Manager : Role.Member);
const claims = () => t.app.get(LeadClaimsService);

/** A fresh lead of team A (by memberA) that team B co-pursues, as a manager's approval makes it. */
async function coPursuedLead(): Promise<LeadView> {
  const lead = await pipe.lead(w.users.memberA, { industryChainId: w.chainId });
  const claim = await claims().create(actor(w.users.memberB), {
    enterpriseId: lead.enterprise.id,
    industryChainId: w.chainId,
    kind: LeadClaimKind.CoPursue,
    reason: '双方均与该企业有接触，申请联合跟进',
  });
  await claims().decide(actor(w.users.admin), claim.id, { approve: true });
  return lead;
}

/** A pending co-pursue claim of team B on a fresh lead of team A. */
async function pendingClaim(): Promise<string> {
  const lead = await pipe.lead(w.users.memberA, { industryChainId: w.chainId });
  const claim = await claims().create(actor(w.users.memberB), { enterpriseId: lead.enterprise.id, industryChainId: w.chainId, kind: LeadClaimKind.CoPursue, reason: '申请联合跟进' });
  return claim.id;
}

/** The first signing of a fresh lead of team A alone, recorded while the deployment asks for 项目认定: pending. */
async function pendingSigning(): Promise<string> {
  const rules = t.app.get<ReportingRules>(REPORTING_RULES, { strict: false });
  const lead = await pipe.lead(w.users.memberA, { industryChainId: w.chainId });
  rules.signingReview = { required: true };
  try {
    return (await pipe.sign(w.users.memberA, lead.id)).id;
  } finally {
    rules.signingReview = { required: false };
  }
}

/** A fresh county-X target for a year of its own, split into shares for teams A and B. */
async function splitUnitTarget(): Promise<{ unitId: string; shareAId: string }> {
  const unit = await targets.assign({ periodType: 'year', year: 2040 + next(), regionUnitId: w.countyX.id, values: { visits: 10 } } as never);
  await t.app.get(TargetsService).split(actor(w.users.admin), unit.id, {
    allocations: [
      { teamId: w.teamA.id, values: { visits: 6 } },
      { teamId: w.teamB.id, values: { visits: 4 } },
    ],
  } as never);
  const [share] = await t.db.query('SELECT id FROM targets WHERE parent_id = $1 AND team_id = $2', [unit.id, w.teamA.id]);
  return { unitId: unit.id, shareAId: share.id };
}

/** A fresh link of the matrix's chain with, unless told otherwise, a fresh target company on it. */
async function chainLink(w: World, placement: 'target' | null = 'target'): Promise<{ linkId: string; enterpriseId?: string }> {
  const service = t.app.get(ChainMapService);
  const admin = actor(w.users.admin);
  const link = await service.createLink(admin, { chainId: w.chainId, segment: ChainSegment.Downstream, name: unique(`链节${cjk(2)}`) });
  if (!placement) return { linkId: link.id };
  const enterpriseId = (await crm.enterprise()).id;
  await service.place(admin, link.id, { enterpriseId, placement: ChainPlacement.Target });
  return { linkId: link.id, enterpriseId };
}

/** A user of the caller's role with their own session: for operations that end the caller's sessions. */
async function standIn(who: Who): Promise<string | null> {
  if (who === 'anon') return null;
  if (who === 'inactive') return w.tokens.inactive;
  return (await f.user({ role: roleOf(who) })).token();
}

const interaction = async (extra: object = {}) => (await crm.interaction(w.users.memberA, { enterpriseId: w.enterprise.id, ...extra })).id;
const version = async (table: string, id: string): Promise<number> => (await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version;
const targetsQuery = () => ({ periodType: 'year', year: thisYear() });
const rankingQuery = () => ({ periodType: 'year', year: thisYear(), level: 'team' });

/** A 1×1 PNG: an attachment the type check accepts. */
const MATRIX_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** A photo memberA puts on team A's project, through the API. */
async function attachmentOfTeamA(w: World): Promise<string> {
  const res = await t.http().post(`/api/v1/projects/${w.projectId}/attachments`).set('Authorization', `Bearer ${w.tokens.memberA}`).attach('file', MATRIX_PNG, '现场.png');
  if (res.status !== 201) throw new Error(`attachment upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** County X's parcel (one for the file, or a fresh one for a delete), entered by the admin. */
let countyXCarrier: string | undefined;
async function carrierOfCountyX(w: World, fresh = false): Promise<string> {
  if (countyXCarrier && !fresh) return countyXCarrier;
  const c = await t.app.get(CarriersService).createCarrier(actor(w.users.admin), { kind: CarrierKind.Land, name: `地块${cjk(3)}`, regionUnitId: w.countyX.id, area: '30', areaUnit: AreaUnit.Mu });
  if (!fresh) countyXCarrier = c.id;
  return c.id;
}

/** County X's promoted project (one for the file, or a fresh one for a delete). */
let countyXPromoted: string | undefined;
async function promotedOfCountyX(w: World, fresh = false): Promise<string> {
  if (countyXPromoted && !fresh) return countyXPromoted;
  const p = await t.app.get(CarriersService).createPromotedProject(actor(w.users.admin), { name: `推介项目${cjk(3)}`, industryChainId: w.chainId, regionUnitId: w.countyX.id, totalInvestment: '10000' });
  if (!fresh) countyXPromoted = p.id;
  return p.id;
}

const CALLS: Record<string, Recipe> = {
  // Each sign-in's session is kept for a logout below (a sign-in costs an argon2 verification).
  'POST /api/v1/auth/login': (w) => ({ body: { username: w.loginUser.username, password: w.loginUser.password }, after: (res) => w.sessions.push(res.body.refreshToken) }),
  // One session, refreshed along: each answer's refresh token is the next request's.
  'POST /api/v1/auth/refresh': async (w) => {
    w.refreshToken ??= (await f.signIn(w.loginUser.username, w.loginUser.password)).refreshToken;
    return { body: { refreshToken: w.refreshToken }, after: (res) => (w.refreshToken = res.body.refreshToken) };
  },
  'POST /api/v1/auth/logout': async (w) => ({ body: { refreshToken: w.sessions.pop() ?? (await f.signIn(w.loginUser.username, w.loginUser.password)).refreshToken } }),
  'POST /api/v1/auth/password': async (w, who) => {
    // Changing the password ends the caller's other sessions: a stand-in of the same role asks.
    const token = await standIn(who);
    return { token, body: { currentPassword: w.loginUser.password, newPassword: `Matrix-${cjk(2)}-${next()}-口令安全` } };
  },

  // A throttle in force, as a stranger's failed sign-ins from one address leave it.
  'DELETE /api/v1/auth/login-locks/{id}': async () => {
    const [lock] = await t.db.query(
      `INSERT INTO login_throttles (scope, username, address, failures, locked_until, last_failure_at)
       VALUES ('account', $1, '203.0.113.7', 5, now() + interval '1 hour', now()) RETURNING id`,
      [unique('locked')],
    );
    return { params: { id: lock.id } };
  },
  'GET /api/v1/admin/queues/{queue}/failed': () => ({ params: { queue: 'reminders' } }),
  'POST /api/v1/admin/queues/{queue}/jobs/{jobId}/retry': () => ({ params: { queue: 'reminders', jobId: `matrix-${next()}` } }),
  'POST /api/v1/users': () => ({ body: { username: unique('mx'), displayName: `用户${cjk(2)}`, role: 'member', password: `Matrix-${cjk(2)}-口令安全-2022` } }),
  'GET /api/v1/users/{id}': (w) => ({ params: { id: w.users.memberA.id } }),
  'PATCH /api/v1/users/{id}': async () => ({ params: { id: (await f.user()).id }, body: { displayName: `改名${cjk(2)}` } }),
  'GET /api/v1/users/{id}/managed-scope': (w) => ({ params: { id: w.spareManagerId } }),
  'PUT /api/v1/users/{id}/managed-scope': (w) => ({ params: { id: w.spareManagerId }, body: { regionUnitIds: [w.countyY.id], teamIds: [] } }),

  'POST /api/v1/regions': () => ({ body: { name: `区域${cjk(3)}`, level: 'city' } }),
  'GET /api/v1/regions/{id}': (w) => ({ params: { id: w.countyX.id } }),
  'PATCH /api/v1/regions/{id}': async () => ({ params: { id: (await f.region()).id }, body: { name: `改名${cjk(3)}` } }),
  'DELETE /api/v1/regions/{id}': async () => ({ params: { id: (await f.region()).id } }),
  'GET /api/v1/regions/divisions/provinces/{provinceCode}/cities': () => ({ params: { provinceCode: '150000' } }),
  // A dry run (the default): the matrix's tree stays as it is.
  'POST /api/v1/regions/divisions/import': () => ({ body: { provinceCode: '150000', cityCode: '150500' } }),
  'POST /api/v1/industry-chains': () => ({ body: { name: `产业链${cjk(3)}` } }),
  'GET /api/v1/industry-chains/{id}': (w) => ({ params: { id: w.chainId } }),
  'PATCH /api/v1/industry-chains/{id}': async () => ({ params: { id: (await crm.industryChain()).id }, body: { description: '矩阵测试' } }),
  'GET /api/v1/industry-chains/{id}/graph': (w) => ({ params: { id: w.chainId }, query: { periodType: 'year', year: thisYear() } }),
  'GET /api/v1/chain-links/{id}': async (w) => ({ params: { id: (await chainLink(w)).linkId } }),
  'POST /api/v1/chain-links': (w) => ({ body: { chainId: w.chainId, segment: 'midstream', name: `链节${cjk(4)}` } }),
  'PATCH /api/v1/chain-links/{id}': async (w) => ({ params: { id: (await chainLink(w)).linkId }, body: { keyProducts: '矩阵测试' } }),
  'DELETE /api/v1/chain-links/{id}': async (w) => ({ params: { id: (await chainLink(w, null)).linkId } }),
  'POST /api/v1/chain-links/{id}/companies': async (w) => ({ params: { id: (await chainLink(w, null)).linkId }, body: { enterpriseId: (await crm.enterprise()).id, placement: 'local' } }),
  'PATCH /api/v1/chain-links/{id}/companies/{enterpriseId}': async (w) => {
    const { linkId, enterpriseId } = await chainLink(w);
    return { params: { id: linkId, enterpriseId: enterpriseId as string }, body: { placement: 'landed' } };
  },
  'DELETE /api/v1/chain-links/{id}/companies/{enterpriseId}': async (w) => {
    const { linkId, enterpriseId } = await chainLink(w);
    return { params: { id: linkId, enterpriseId: enterpriseId as string } };
  },
  'POST /api/v1/chain-links/{id}/companies/{enterpriseId}/lead': async (w, who) => {
    const { linkId, enterpriseId } = await chainLink(w);
    return { params: { id: linkId, enterpriseId: enterpriseId as string }, body: roleOf(who) === Role.Member ? {} : { teamId: w.teamA.id, ownerId: w.users.memberA.id } };
  },
  'POST /api/v1/source-regions': () => ({ body: { name: `区域${cjk(3)}` } }),
  'GET /api/v1/source-regions/{id}': (w) => ({ params: { id: w.sourceRegionId } }),
  'PATCH /api/v1/source-regions/{id}': async () => ({ params: { id: (await pipe.sourceRegion()).id }, body: { name: `区域${cjk(3)}` } }),

  'POST /api/v1/teams': (w) => ({ body: { name: `招商队${cjk(3)}`, regionUnitId: w.countyX.id } }),
  'GET /api/v1/teams/{id}': (w) => ({ params: { id: w.teamA.id } }),
  'PATCH /api/v1/teams/{id}': (w) => ({ params: { id: w.teamA.id }, body: { description: `驻京招商${cjk(2)}` } }),
  'GET /api/v1/teams/{id}/members': (w) => ({ params: { id: w.teamA.id } }),
  'POST /api/v1/teams/{id}/members': async (w) => ({ params: { id: w.teamA.id }, body: { userId: (await f.user()).id } }),
  'DELETE /api/v1/teams/{id}/members/{userId}': async (w) => {
    const user = await f.user();
    await t.app.get(TeamsService).addMember(actor(w.users.admin), w.teamA.id, user.id);
    return { params: { id: w.teamA.id, userId: user.id } };
  },

  'POST /api/v1/enterprises': () => ({ body: { name: `矩阵${cjk(6)}有限公司` } }),
  'GET /api/v1/enterprises/{id}': (w) => ({ params: { id: w.enterprise.id } }),
  'PATCH /api/v1/enterprises/{id}': (w) => ({ params: { id: w.enterprise.id }, body: { notes: `备注${cjk(4)}` } }),
  'POST /api/v1/enterprises/{id}/archive': async () => ({ params: { id: (await crm.enterprise()).id } }),
  'POST /api/v1/enterprises/{id}/restore': async (w) => {
    const e = await crm.enterprise();
    await t.http().post(`/api/v1/enterprises/${e.id}/archive`).set('Authorization', `Bearer ${w.tokens.admin}`).expect(200);
    return { params: { id: e.id } };
  },
  'POST /api/v1/enterprises/{id}/merge': async () => ({ params: { id: (await crm.enterprise()).id }, body: { sourceId: (await crm.enterprise()).id } }),
  'GET /api/v1/enterprises/{enterpriseId}/contacts': (w) => ({ params: { enterpriseId: w.enterprise.id } }),
  'POST /api/v1/enterprises/{enterpriseId}/contacts': (w) => ({ params: { enterpriseId: w.enterprise.id }, body: { name: `联系人${cjk(2)}` } }),
  'PATCH /api/v1/enterprises/{enterpriseId}/contacts/{id}': async (w) => ({
    params: { enterpriseId: w.enterprise.id, id: (await crm.contact(w.enterprise.id)).id },
    body: { title: '投资总监' },
  }),
  'DELETE /api/v1/enterprises/{enterpriseId}/contacts/{id}': async (w) => ({ params: { enterpriseId: w.enterprise.id, id: (await crm.contact(w.enterprise.id)).id } }),
  'GET /api/v1/registry/schedule': () => ({ query: { periodType: 'ytd', year: thisYear(), month: '1' } }),
  'GET /api/v1/registry/schedule.xlsx': () => ({ query: { periodType: 'ytd', year: thisYear(), month: '1' } }),
  // A dry run of a return naming no project in scope: a report, never a write.
  'POST /api/v1/imports/project-progress': () => ({ query: { month: `${thisYear()}-01` }, file: { content: Buffer.from('项目名称,本月完成投资\n矩阵项目,1\n'), name: '调度表.csv' } }),
  'POST /api/v1/imports/enterprises': () => ({ query: { dryRun: 'false' }, file: { content: Buffer.from(`企业名称\n矩阵导入${cjk(6)}有限公司\n`), name: '名单.csv' } }),
  // A dry run answers 200 with its report whatever the rows say.
  'POST /api/v1/imports/leads': () => ({ query: { dryRun: 'true' }, file: { content: Buffer.from('线索名称,企业名称,招商队,负责人,所属产业链,招商方式,阶段\n矩阵线索,某公司,某队,某人,某链,上门招商,线索\n'), name: '线索.csv' } }),
  'POST /api/v1/imports/projects': () => ({ query: { dryRun: 'true' }, file: { content: Buffer.from('项目名称,所在旗县区,总投资（万元）\n矩阵项目,某县,100\n'), name: '项目.csv' } }),
  'GET /api/v1/signing-events/{id}/roster': (w) => ({ params: { id: w.signingEventId } }),
  'GET /api/v1/signing-events/{id}/roster.xlsx': (w) => ({ params: { id: w.signingEventId } }),
  'POST /api/v1/imports/interactions': () => ({ query: { dryRun: 'true' }, file: { content: Buffer.from('日期,企业名称,对接方式,招商队,记录人,对接情况\n2024-01-02,某公司,外出拜访,某队,某人,矩阵\n'), name: '走访.csv' } }),

  'POST /api/v1/interactions': (w, who) => ({
    body: { enterpriseId: w.enterprise.id, type: 'visit', occurredAt: dayOffset(-1), summary: `拜访${cjk(4)}`, ...(roleOf(who) === Role.Member ? {} : { teamId: w.teamA.id }) },
  }),
  'GET /api/v1/enterprises/{enterpriseId}/interactions': (w) => ({ params: { enterpriseId: w.enterprise.id } }),
  'GET /api/v1/interactions/{id}': (w) => ({ params: { id: w.interactionId } }),
  'PATCH /api/v1/interactions/{id}': async () => ({ params: { id: await interaction() }, body: { outcome: `结果${cjk(3)}` } }),
  'DELETE /api/v1/interactions/{id}': async () => ({ params: { id: await interaction() } }),
  'POST /api/v1/interactions/{id}/follow-up-done': async () => ({ params: { id: await interaction({ nextFollowUpAt: `${dayOffset(3)}T10:00:00+08:00` }) } }),

  'POST /api/v1/leads': async (w, who) => ({
    body: {
      ...(await pipe.leadBody({ industryChainId: w.chainId })),
      ...(roleOf(who) === Role.Member ? {} : { teamId: w.teamA.id, ownerId: w.users.memberA.id }),
    },
  }),
  'GET /api/v1/leads/{id}': (w) => ({ params: { id: w.lead.id } }),
  'GET /api/v1/leads/{id} #team A alone': (w) => ({ params: { id: w.leadA.id } }),
  'PATCH /api/v1/leads/{id}': async () => {
    const lead = await coPursuedLead();
    return { params: { id: lead.id }, body: { notes: `进展${cjk(3)}`, version: await version('leads', lead.id) } };
  },
  'DELETE /api/v1/leads/{id}': async () => ({ params: { id: (await coPursuedLead()).id } }),
  'POST /api/v1/leads/{id}/transitions': async () => ({ params: { id: (await coPursuedLead()).id }, body: { to: 'contacted' } }),
  'POST /api/v1/leads/{id}/release': async () => {
    const lead = await coPursuedLead();
    await pipe.backdate(lead.id, 400);
    return { params: { id: lead.id }, body: { reason: '长期无对接' } };
  },
  'POST /api/v1/leads/bulk': async () => ({ body: { action: 'move', ids: [(await coPursuedLead()).id], to: 'contacted' } }),
  'POST /api/v1/leads/bulk #release': async () => {
    const lead = await coPursuedLead();
    await pipe.backdate(lead.id, 400);
    return { body: { action: 'release', ids: [lead.id], reason: '长期无对接' } };
  },
  'POST /api/v1/leads/{id}/signings': async (w) => ({
    params: { id: (await coPursuedLead()).id },
    body: { agreementType: 'investment', amount: '1000', signedOn: dayOffset(-1), landingRegionUnitId: w.countyX.id },
  }),
  'PATCH /api/v1/leads/{id}/co-teams/{teamId}': async (w) => ({ params: { id: (await coPursuedLead()).id, teamId: w.teamB.id }, body: { share: '10' } }),
  'GET /api/v1/leads/{id}/signings': (w) => ({ params: { id: w.lead.id } }),
  'GET /api/v1/leads/{id}/timeline': (w) => ({ params: { id: w.lead.id } }),
  'POST /api/v1/lead-claims': async (w, who) => {
    // A pair team B holds; the caller asks to co-pursue it for their team (managers name theirs).
    const lead = await pipe.lead(w.users.memberB, { industryChainId: w.chainId });
    const teamId = { managerX: w.teamA.id, managerY: w.teamC.id, admin: w.teamA.id }[who as string];
    return { body: { enterpriseId: lead.enterprise.id, industryChainId: w.chainId, kind: 'co_pursue', reason: '申请联合跟进', ...(teamId ? { teamId } : {}) } };
  },
  'GET /api/v1/lead-claims/{id}': (w) => ({ params: { id: w.claimId } }),
  'POST /api/v1/lead-claims/{id}/decision': async () => ({ params: { id: await pendingClaim() }, body: { approve: true } }),
  'POST /api/v1/lead-claims/{id}/withdraw': async () => ({ params: { id: await pendingClaim() } }),

  'POST /api/v1/carriers': (w) => ({ body: { kind: 'land', name: `地块${cjk(3)}`, regionUnitId: w.countyX.id, area: '30', areaUnit: 'mu' } }),
  'GET /api/v1/carriers/{id}': async (w) => ({ params: { id: await carrierOfCountyX(w) } }),
  'PATCH /api/v1/carriers/{id}': async (w) => ({ params: { id: await carrierOfCountyX(w) }, body: { conditions: `七通一平${cjk(2)}` } }),
  'DELETE /api/v1/carriers/{id}': async (w) => ({ params: { id: await carrierOfCountyX(w, true) } }),
  'POST /api/v1/promoted-projects': (w) => ({ body: { name: `推介项目${cjk(3)}`, industryChainId: w.chainId, regionUnitId: w.countyX.id, totalInvestment: '10000' } }),
  'GET /api/v1/promoted-projects/{id}': async (w) => ({ params: { id: await promotedOfCountyX(w) } }),
  'PATCH /api/v1/promoted-projects/{id}': async (w) => ({ params: { id: await promotedOfCountyX(w) }, body: { expectedReturn: `年税收${next()}万元` } }),
  'DELETE /api/v1/promoted-projects/{id}': async (w) => ({ params: { id: await promotedOfCountyX(w, true) } }),

  'POST /api/v1/signing-events': () => ({ body: { name: `签约大会${cjk(3)}`, heldOn: dayOffset(-1) } }),
  'GET /api/v1/signing-events/{id}': (w) => ({ params: { id: w.signingEventId } }),
  'PATCH /api/v1/signing-events/{id}': (w) => ({ params: { id: w.signingEventId }, body: { location: `会场${cjk(2)}` } }),
  'DELETE /api/v1/signing-events/{id}': async () => ({ params: { id: (await pipe.signingEvent()).id } }),
  'GET /api/v1/signing-events/{id}/signings': (w) => ({ params: { id: w.signingEventId } }),
  'GET /api/v1/signings/{id}': async () => ({ params: { id: await pendingSigning() } }),
  'POST /api/v1/signings/{id}/review': async () => ({ params: { id: await pendingSigning() }, body: { decision: 'approve' } }),

  'POST /api/v1/projects': () => ({ body: { name: `项目${cjk(5)}`, totalInvestment: '10000' } }),
  'GET /api/v1/projects/{id}': (w) => ({ params: { id: w.projectId } }),
  'PATCH /api/v1/projects/{id}': async (w) => ({ params: { id: w.projectId }, body: { notes: `备注${cjk(3)}`, version: await version('projects', w.projectId) } }),
  'PUT /api/v1/projects/{id}/nodes/{node}': (w) => ({ params: { id: w.projectId, node: 'registered' }, body: { plannedOn: dayOffset(30) } }),
  'PUT /api/v1/projects/{id}/plans/{year}': (w) => ({ params: { id: w.projectId, year: String(thisYear()) }, body: { plannedInvestment: '500' } }),
  'GET /api/v1/projects/{id}/progress': (w) => ({ params: { id: w.projectId } }),
  'PUT /api/v1/projects/{id}/progress/{month}': (w) => ({ params: { id: w.projectId, month: dayOffset(0).slice(0, 7) }, body: { completedInvestment: String(next()) } }),
  'GET /api/v1/projects/{id}/funds': (w) => ({ params: { id: w.projectId } }),
  'PUT /api/v1/projects/{id}/funds/{month}': (w) => ({ params: { id: w.projectId, month: dayOffset(0).slice(0, 7) }, body: { rows: [{ source: 'overseas', fixedAsset: true, amount: String(next()) }] } }),
  'GET /api/v1/projects/{id}/problems': (w) => ({ params: { id: w.projectId } }),
  'POST /api/v1/projects/{id}/problems': (w) => ({ params: { id: w.projectId }, body: { category: 'land', description: `用地指标${cjk(3)}`, responsibleDepartment: '市自然资源局' } }),
  'GET /api/v1/projects/{id}/problems/{problemId}': (w) => ({ params: { id: w.projectId, problemId: w.problemId } }),
  'PATCH /api/v1/projects/{id}/problems/{problemId}': async (w) => ({ params: { id: w.projectId, problemId: await problem(w) }, body: { status: 'in_progress' } }),
  'DELETE /api/v1/projects/{id}/problems/{problemId}': async (w) => ({ params: { id: w.projectId, problemId: await problem(w) } }),

  'POST /api/v1/departments': (w) => ({ body: { name: `市${cjk(3)}局${next()}`, regionUnitId: w.countyX.id } }),
  'GET /api/v1/departments/{id}': (w) => ({ params: { id: w.departmentId } }),
  'PATCH /api/v1/departments/{id}': (w) => ({ params: { id: w.departmentId }, body: { isActive: true } }),
  'GET /api/v1/supervision/figures': () => ({ query: { month: dayOffset(0).slice(0, 7) } }),
  'GET /api/v1/supervision/items/{id}': (w) => ({ params: { id: w.itemId } }),
  'GET /api/v1/supervision/items/{id} #other': async (w) => ({ params: { id: await item(w, w.otherDepartmentId) } }),
  'POST /api/v1/supervision/items/{id}/replies': (w) => ({ params: { id: w.itemId }, body: { body: `已对接${cjk(3)}` } }),
  'POST /api/v1/supervision/items/{id}/close': async (w) => ({ params: { id: await item(w, w.departmentId) }, body: { resolution: `已办结${cjk(2)}` } }),
  'POST /api/v1/supervision/items/{id}/close #other': async (w) => ({ params: { id: await item(w, w.otherDepartmentId) }, body: { resolution: `已办结${cjk(2)}` } }),
  'POST /api/v1/supervision/items/{id}/reopen': async (w) => ({ params: { id: await item(w, w.departmentId, true) }, body: {} }),

  'PUT /api/v1/notifications/preferences/{kind}': () => ({ params: { kind: NotificationKind.LeadIdle }, body: { channels: ['in_app'] } }),
  'POST /api/v1/notifications/webhooks': () => ({ body: { url: 'https://1.1.1.1/robot/send' } }),
  'DELETE /api/v1/notifications/webhooks/{id}': async (w) => ({
    params: { id: (await t.app.get(WebhooksService).create(actor(w.users.memberA), { url: 'https://1.1.1.1/robot/send' } as never)).id },
  }),
  'POST /api/v1/notifications/{id}/read': async (w) => {
    const [id] = await t.app.get(NotificationsService).notifyUsers([w.users.memberA.id], { kind: NotificationKind.LeadIdle, title: '线索长期未跟进', body: '请跟进', dedupeKey: `matrix-${next()}` });
    return { params: { id: id as string } };
  },

  'GET /api/v1/targets': () => ({ query: targetsQuery() }),
  'GET /api/v1/targets/progress': () => ({ query: targetsQuery() }),
  'GET /api/v1/targets/completion': () => ({ query: targetsQuery() }),
  'GET /api/v1/targets/completion.xlsx': () => ({ query: targetsQuery() }),
  'GET /api/v1/reporting/units': (w) => ({ query: { periodType: 'range', parentUnitId: w.countyX.id, from: '2024-01', to: '2024-12' } }),
  'POST /api/v1/targets': (w) => ({ body: { periodType: 'year', year: 2100 - next(), teamId: w.teamA.id, values: { visits: 3 } } }),
  'GET /api/v1/targets/{id}': (w) => ({ params: { id: w.shareAId } }),
  'PATCH /api/v1/targets/{id}': async () => {
    const { shareAId } = await splitUnitTarget();
    return { params: { id: shareAId }, body: { values: { visits: 5 }, version: await version('targets', shareAId) } };
  },
  'DELETE /api/v1/targets/{id}': async () => ({ params: { id: (await splitUnitTarget()).shareAId } }),
  'PATCH /api/v1/targets/{id} #county target': async (w) => {
    const unit = await targets.assign({ periodType: 'year', year: 2040 + next(), regionUnitId: w.countyX.id, values: { visits: 10 } } as never);
    return { params: { id: unit.id }, body: { values: { visits: 12 }, version: await version('targets', unit.id) } };
  },
  'DELETE /api/v1/targets/{id} #county target': async (w) => {
    const unit = await targets.assign({ periodType: 'year', year: 2040 + next(), regionUnitId: w.countyX.id, values: { visits: 10 } } as never);
    return { params: { id: unit.id } };
  },
  'POST /api/v1/targets/{id}/split': async (w) => {
    const unit = await targets.assign({ periodType: 'year', year: 2040 + next(), regionUnitId: w.countyX.id, values: { visits: 10 } } as never);
    return { params: { id: unit.id }, body: { allocations: [{ teamId: w.teamA.id, values: { visits: 10 } }] } };
  },

  // 1–1月: not the year the world has already published (publishing that again is a correction).
  'POST /api/v1/rankings': () => ({ body: { periodType: 'ytd', year: thisYear(), month: 1, level: 'team' } }),
  'GET /api/v1/rankings/preview': () => ({ query: rankingQuery() }),
  'GET /api/v1/rankings/preview/all': () => ({ query: rankingQuery() }),
  'GET /api/v1/rankings/preview.xlsx': () => ({ query: rankingQuery() }),
  'GET /api/v1/rankings/{id}': (w) => ({ params: { id: w.rankingId } }),
  'GET /api/v1/rankings/{id}/xlsx': (w) => ({ params: { id: w.rankingId } }),
  'GET /api/v1/rankings/{id}/versions': (w) => ({ params: { id: w.rankingId } }),
  'GET /api/v1/search': () => ({ query: { q: 'jz' } }),
  'POST /api/v1/interactions/{id}/follow-up-postpone': async () => ({ params: { id: await interaction({ nextFollowUpAt: `${dayOffset(3)}T10:00:00+08:00` }) }, body: { nextFollowUpAt: dayOffset(5) } }),

  // attachments: files on team A's project and team A's interaction, uploaded by memberA
  'GET /api/v1/interactions/{id}/attachments': (w) => ({ params: { id: w.interactionId } }),
  'POST /api/v1/interactions/{id}/attachments': (w) => ({ params: { id: w.interactionId }, file: { content: MATRIX_PNG, name: '现场.png' } }),
  'GET /api/v1/projects/{id}/attachments': (w) => ({ params: { id: w.projectId } }),
  'POST /api/v1/projects/{id}/attachments': (w) => ({ params: { id: w.projectId }, file: { content: MATRIX_PNG, name: '现场.png' } }),
  'GET /api/v1/attachments/{id}/content': async (w) => ({ params: { id: await attachmentOfTeamA(w) } }),
  'DELETE /api/v1/attachments/{id}': async (w) => ({ params: { id: await attachmentOfTeamA(w) } }),
};

/** A fresh 交办单 of department `departmentId` on team A's project; closed when `closed`. */
async function item(w: World, departmentId: string, closed = false): Promise<string> {
  const p = await t.app.get(ProjectProblemsService).create(actor(w.users.admin), w.projectId, { category: 'approval', description: `审批${cjk(3)}`, departmentId } as never);
  if (closed) await t.db.query(`UPDATE project_problems SET status = 'resolved', resolution = '已办结', resolved_at = now() WHERE id = $1`, [p.id]);
  return p.id;
}

async function problem(w: World): Promise<string> {
  const p = await t.app.get(ProjectProblemsService).create(actor(w.users.admin), w.projectId, { category: 'funding', description: `资金${cjk(3)}`, responsibleDepartment: '市财政局' } as never);
  return p.id;
}

// ---------------------------------------------------------------------------------------
// Lists: which of the file's single-team records each caller's list holds (by hand).

const SCOPED_CALLERS = ['memberA', 'memberB', 'memberC', 'managerX', 'managerY', 'admin'] as const;
type ScopedCaller = (typeof SCOPED_CALLERS)[number];
interface ListCheck {
  path: string;
  query?: Record<string, string | number>;
  /** The answer's rows: a page's items (walked to the end), a bare array, or a ranking's rows. */
  shape: 'page' | 'array' | 'ranking';
  sees: Record<ScopedCaller, string[]>;
}

const LISTS: Record<string, ListCheck> = {
  leads: {
    path: '/api/v1/leads',
    shape: 'page',
    sees: {
      memberA: ['coPursued', 'teamA'],
      memberB: ['coPursued', 'teamB'],
      memberC: ['teamC'],
      managerX: ['coPursued', 'teamA', 'teamB'],
      managerY: ['teamC'],
      admin: ['coPursued', 'teamA', 'teamB', 'teamC'],
    },
  },
  interactions: {
    path: '/api/v1/interactions',
    shape: 'page',
    sees: { memberA: ['teamA'], memberB: ['teamB'], memberC: ['teamC'], managerX: ['teamA', 'teamB'], managerY: ['teamC'], admin: ['teamA', 'teamB', 'teamC'] },
  },
  projects: {
    path: '/api/v1/projects',
    shape: 'page',
    sees: { memberA: ['teamA'], memberB: ['teamB'], memberC: ['teamC'], managerX: ['teamA', 'teamB'], managerY: ['teamC'], admin: ['teamA', 'teamB', 'teamC'] },
  },
  // County X's target is above teams A and B, so their members see it beside their own share.
  targets: {
    path: '/api/v1/targets',
    query: { periodType: 'year', year: thisYear() },
    shape: 'array',
    sees: {
      memberA: ['countyX', 'teamA'],
      memberB: ['countyX', 'teamB'],
      memberC: ['teamC'],
      managerX: ['countyX', 'teamA', 'teamB'],
      managerY: ['teamC'],
      admin: ['countyX', 'teamA', 'teamB', 'teamC'],
    },
  },
  'lead-claims': {
    path: '/api/v1/lead-claims',
    shape: 'page',
    sees: { memberA: ['bOnA'], memberB: ['bOnA'], memberC: [], managerX: ['bOnA'], managerY: [], admin: ['bOnA'] },
  },
  teams: {
    path: '/api/v1/teams',
    shape: 'page',
    sees: { memberA: ['teamA'], memberB: ['teamB'], memberC: ['teamC'], managerX: ['teamA', 'teamB'], managerY: ['teamC'], admin: ['teamA', 'teamB', 'teamC'] },
  },
};

const PREVIEW: ListCheck = {
  path: '/api/v1/rankings/preview',
  query: { periodType: 'year', year: thisYear(), level: 'team' },
  shape: 'ranking',
  sees: { memberA: [], memberB: [], memberC: [], managerX: ['teamA', 'teamB'], managerY: ['teamC'], admin: ['teamA', 'teamB', 'teamC'] },
};

/** The preview's every row at once (print): the same rows as its pages. */
const PREVIEW_ALL: ListCheck = { ...PREVIEW, path: '/api/v1/rankings/preview/all' };

/** The names of the known records that the caller's list holds, sorted. */
async function listed(list: ListCheck, who: Who, known: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = { ...list.query, ...(list.shape === 'page' ? { limit: 200 } : {}), ...(cursor ? { cursor } : {}) };
    const res: Response = await t.http().get(list.path).query(query).set('Authorization', `Bearer ${w.tokens[who]}`);
    requests.count++;
    if (res.status !== 200) throw new Error(`${who} GET ${list.path}: ${describeAnswer(res)}`);
    const rows: Array<{ id?: string; assignee?: { id: string } }> = list.shape === 'page' ? res.body.items : list.shape === 'array' ? res.body : res.body.rows;
    ids.push(...rows.map((r) => (list.shape === 'ranking' ? r.assignee?.id : r.id) as string));
    cursor = list.shape === 'page' ? res.body.nextCursor : null;
  } while (cursor);
  return Object.entries(known)
    .filter(([, id]) => ids.includes(id))
    .map(([name]) => name)
    .sort();
}

// ---------------------------------------------------------------------------------------

const operationOf = (key: string) => key.split(' #')[0] as string;
const matches = (status: number, expected: Status) => (expected === '2xx' ? status >= 200 && status < 300 : status === expected);

/**
 * Every row of every table of the database, hashed: what a refused write must leave unchanged.
 * The audit log, outbox and sessions are tables too, so a refusal that audits or enqueues shows.
 */
let fingerprintSql = '';
async function fingerprint(): Promise<string> {
  if (!fingerprintSql) {
    const tables: Array<{ name: string }> = await t.db.query(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
          -- every request, refused or not, counts against the shared rate limits: bookkeeping, not a record
          AND table_name <> 'rate_limit_hits' ORDER BY 1`,
    );
    // Per table: the row count and an order-free sum of row hashes (no sort, one scan).
    fingerprintSql = `SELECT ${tables.map((x) => `(SELECT count(*) || ':' || coalesce(sum(hashtextextended(r::text, 0)), 0) FROM ${x.name} r)`).join(" || '|' || ")} AS h`;
  }
  return (await t.db.query(fingerprintSql))[0].h;
}

const requests = { count: 0 };

/** Sends one operation as `who`; for a write that is refused, checks nothing changed. */
async function ask(key: string, who: Who): Promise<{ res: Response; expected: Status; changed: boolean }> {
  const [method, path] = operationOf(key).split(' ') as [string, string];
  const call: Call = (await CALLS[key]?.(w, who)) ?? {};
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = call.params?.[name];
    if (!value) throw new Error(`${key}: no value for path parameter {${name}} in CALLS`);
    return encodeURIComponent(value);
  });
  const expected = (MATRIX[key] as Row)[who];
  const write = method !== 'GET';
  const before = write && expected !== '2xx' ? await fingerprint() : null;
  let req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
  const token = call.token !== undefined ? call.token : w.tokens[who];
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  if (call.query) req = req.query(call.query);
  if (call.file) req = req.attach('file', call.file.content, call.file.name);
  else if (call.body) req = req.send(call.body);
  const res = await req;
  requests.count++;
  call.after?.(res);
  const changed = before !== null && (await fingerprint()) !== before;
  return { res, expected, changed };
}

const describeAnswer = (res: Response) => `${res.status} ${JSON.stringify(res.body ?? '').slice(0, 300)}`;

describe('authorization matrix: every operation × every caller', () => {
  let documentOps: string[] = [];
  const started = Date.now();

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENTS_DIR: mkdtempSync(join(tmpdir(), 'crm-matrix-attachments-')) });
    f = new Factory(t);
    crm = new CrmFactory(t, f);
    pipe = new PipelineFactory(t, f);
    projects = new ProjectFactory(t, f);
    targets = new TargetFactory(t, f);

    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    documentOps = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

    const city = await f.region({ level: RegionLevel.City });
    const countyX = await f.region({ level: RegionLevel.County, parentId: city.id });
    const countyY = await f.region({ level: RegionLevel.County, parentId: city.id });
    const admin = await f.adminUser();
    const [memberA, memberB, memberC, inactive] = [await f.user(), await f.user(), await f.user(), await f.user()];
    const teamA = await f.team({ regionUnitId: countyX.id, memberIds: [memberA.id, inactive.id] });
    const teamB = await f.team({ regionUnitId: countyX.id, memberIds: [memberB.id] });
    const teamC = await f.team({ regionUnitId: countyY.id, memberIds: [memberC.id] });
    const managerX = await f.manager({ regionUnitIds: [countyX.id] });
    const managerY = await f.manager({ regionUnitIds: [countyY.id] });
    const spareManager = await f.manager({ regionUnitIds: [countyY.id] });
    const departments = t.app.get(DepartmentsService);
    const deptD = await departments.create(actor(admin), { name: '市自然资源局', regionUnitId: city.id });
    const deptOther = await departments.create(actor(admin), { name: '市生态环境局', regionUnitId: city.id });
    const department = await f.user({ role: Role.Department });
    await t.db.query('UPDATE users SET department_id = $1 WHERE id = $2', [deptD.id, department.id]);
    const users = { inactive, department, memberC, managerY, memberB, memberA, managerX, admin };
    const tokens = { anon: null } as Record<Who, string | null>;
    for (const [who, user] of Object.entries(users)) tokens[who as Who] = await user.token();
    // Deactivated after signing in: the token stays signed and unexpired.
    await t.app.get(UsersService).update(actor(admin), inactive.id, { isActive: false });

    w = {
      users,
      tokens,
      countyX,
      countyY,
      teamA,
      teamB,
      teamC,
      spareManagerId: spareManager.id,
      loginUser: await f.user(),
      sessions: [],
      enterprise: await crm.enterprise(),
      chainId: await pipe.chainId(),
      sourceRegionId: (await pipe.sourceRegion()).id,
    } as unknown as World;
    w.interactionId = await interaction();
    w.lead = await coPursuedLead();
    w.leadA = await pipe.lead(memberA, { industryChainId: w.chainId });
    [{ id: w.claimId }] = await t.db.query('SELECT id FROM lead_claims WHERE lead_id = $1', [w.lead.id]);
    const event = await pipe.signingEvent();
    w.signingEventId = event.id;
    await pipe.sign(memberA, w.lead.id, { signingEventId: event.id });
    w.projectId = (await projects.project({ teamId: teamA.id, ownerUserId: memberA.id, regionUnitId: countyX.id })).id;
    w.problemId = await problem(w);
    w.departmentId = deptD.id;
    w.otherDepartmentId = deptOther.id;
    w.itemId = await item(w, deptD.id);
    const main = await targets.assign({ periodType: 'year', year: thisYear(), regionUnitId: countyX.id, values: { visits: 10 } } as never);
    await t.app.get(TargetsService).split(actor(admin), main.id, { allocations: [{ teamId: teamA.id, values: { visits: 6 } }, { teamId: teamB.id, values: { visits: 4 } }] } as never);
    [{ id: w.shareAId }] = await t.db.query('SELECT id FROM targets WHERE parent_id = $1 AND team_id = $2', [main.id, teamA.id]);
    await targets.assign({ periodType: 'year', year: thisYear(), teamId: teamC.id, values: { visits: 3 } } as never);
    const leadB = await pipe.lead(memberB, { industryChainId: w.chainId });
    const leadC = await pipe.lead(memberC, { industryChainId: w.chainId });
    const interactionOf = async (u: TestUser) => (await crm.interaction(u, { enterpriseId: w.enterprise.id })).id;
    const projectOf = async (teamId: string, regionUnitId: string) => (await projects.project({ teamId, regionUnitId })).id;
    const targetsNow: Array<{ id: string; team_id: string | null; region_unit_id: string | null }> = await t.db.query(
      'SELECT id, team_id, region_unit_id FROM targets WHERE year = $1',
      [thisYear()],
    );
    const targetOf = (teamId: string) => targetsNow.find((x) => x.team_id === teamId)?.id as string;
    w.known = {
      leads: { coPursued: w.lead.id, teamA: w.leadA.id, teamB: leadB.id, teamC: leadC.id },
      interactions: { teamA: w.interactionId, teamB: await interactionOf(memberB), teamC: await interactionOf(memberC) },
      projects: { teamA: w.projectId, teamB: await projectOf(teamB.id, countyX.id), teamC: await projectOf(teamC.id, countyY.id) },
      targets: { countyX: main.id, teamA: targetOf(teamA.id), teamB: targetOf(teamB.id), teamC: targetOf(teamC.id) },
      'lead-claims': { bOnA: w.claimId },
      teams: { teamA: teamA.id, teamB: teamB.id, teamC: teamC.id },
      preview: { teamA: teamA.id, teamB: teamB.id, teamC: teamC.id },
    };
    w.rankingId = (await t.app.get(RankingsService).publish(actor(admin), { periodType: 'year', year: thisYear(), level: 'team' } as never)).id;
  }, 60_000);

  afterAll(async () => {
    console.log(`authorization matrix: ${Object.keys(MATRIX).length} rows over ${new Set(Object.keys(MATRIX).map(operationOf)).size} operations, ${CALLERS.length} callers, ${requests.count} requests, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await t?.close();
  });

  it('has a row for every operation of the API document, and none for an operation it no longer has', () => {
    const rows = new Set(Object.keys(MATRIX).map(operationOf));
    expect(documentOps.filter((op) => !rows.has(op))).toEqual([]);
    expect([...rows].filter((op) => !documentOps.includes(op))).toEqual([]);
    expect(Object.keys(CALLS).filter((key) => !(key in MATRIX))).toEqual([]);
  });

  describe('lists hold the rows in the caller\'s scope and no others', () => {
    it.each(Object.keys(LISTS))('%s', async (name) => {
      const list = LISTS[name] as ListCheck;
      const seen: string[] = [];
      for (const who of SCOPED_CALLERS) {
        const got = await listed(list, who, w.known[name] as Record<string, string>);
        const want = [...(list.sees[who] ?? [])].sort();
        if (JSON.stringify(got) !== JSON.stringify(want)) seen.push(`${who}: expected [${want.join(', ')}], got [${got.join(', ')}]`);
      }
      expect(seen).toEqual([]);
    });

    it('the unpublished ranking preview: an admin sees every team', async () => {
      expect(await listed(PREVIEW, 'admin', w.known.preview as Record<string, string>)).toEqual(['teamA', 'teamB', 'teamC']);
    });

    it("a manager's preview holds only the teams in their scope", async () => {
      expect(await listed(PREVIEW, 'managerX', w.known.preview as Record<string, string>)).toEqual(['teamA', 'teamB']);
      expect(await listed(PREVIEW, 'managerY', w.known.preview as Record<string, string>)).toEqual(['teamC']);
    });

    it('the preview’s full list (print) holds the same rows as its pages, caller by caller', async () => {
      for (const who of ['admin', 'managerX', 'managerY'] as const) {
        expect(await listed(PREVIEW_ALL, who, w.known.preview as Record<string, string>)).toEqual(await listed(PREVIEW, who, w.known.preview as Record<string, string>));
      }
    });
  });

  describe.each(Object.keys(MATRIX))('%s', (key) => {
    const row = MATRIX[key] as Row;

    it(`answers ${CALLERS.map((who) => `${who} ${row[who]}`).join(', ')}`, async () => {
      const seen: string[] = [];
      for (const who of CALLERS) {
        const { res, expected, changed } = await ask(key, who);
        if (!matches(res.status, expected)) seen.push(`${who}: expected ${expected}, got ${describeAnswer(res)}`);
        if (changed) seen.push(`${who}: refused with ${res.status} but the database changed`);
      }
      expect(seen).toEqual([]);
    });
  });
});
