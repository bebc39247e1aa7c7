import { CarriersService } from '../carriers/carriers.service';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { fromNumeric, sumWanYuan, toUnits } from '../common/money/wan-yuan';
import { mapPage, Page } from '../common/pagination/page';
import { EnterpriseMergeContext, EnterpriseMergeRegistry, LeadConflictResolution } from '../enterprises/enterprise-merge.registry';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { SourceRegion } from '../reference/entities/source-region.entity';
import { INDUSTRY_CHAINS, SOURCE_REGIONS } from '../reference/reference.module';
import { ReferenceService } from '../reference/reference.service';
import { RegionsService } from '../regions/regions.service';
import { AccessRepository, ResolvedLeadScope } from '../access/access.repository';
import { escapeLike } from '../common/sql/like';
import { UsersService } from '../users/users.service';
import { CoTeamShareDto, CreateLeadDto, LeadQuery, LeadView, RELEASE_REASON_PREFIX, toLeadView, TransitionDto, UpdateLeadDto } from './dto/lead.dto';
import { PipelineColumnsQuery, PipelineColumnView, PipelineColumnsView } from './dto/pipeline.dto';
import { LeadClaim, LeadClaimKind } from './entities/lead-claim.entity';
import { BOARD_COLUMNS, LEAD_STAGE_LABELS, LeadSource, LeadStage } from './entities/lead-stage';
import { LeadStageChange } from './entities/lead-stage-change.entity';
import { Lead } from './entities/lead.entity';
import { leadErrors } from './leads.errors';
import { LeadHolder, LeadViewRow, LeadViewsReadModel, MergeConflictLead } from './lead-views.read-model';
import { LeadClaimNotices } from './lead-claim-notices';
import { LeadsRepository } from './leads.repository';
import { PIPELINE_RULES, PipelineRules } from './pipeline-rules';
import { judgeTransition, pipelineOrdinal } from './stage-rules';

const DAY_MS = 86_400_000;
/** The reason on the stage changes of a lead brought in from earlier spreadsheets. */
export const HISTORY_IMPORT_REASON = '历史数据导入';

/** A lead of a city's earlier spreadsheets, resolved to ids (see LeadsService.importHistorical). */
export interface HistoricalLead {
  title: string;
  enterpriseId: string;
  teamId: string;
  ownerId: string;
  industryChainId: string;
  targetRegionUnitId: string | null;
  sourceRegionId: string | null;
  /** 万元, decimal string. */
  intendedAmount: string;
  expectedSignDate: string | null;
  source: LeadSource;
  isAnchor: boolean;
  notes: string | null;
  stage: LeadStage;
  sideStateReason: string | null;
  /** 登记日期 (Beijing midnight); null: now. */
  registeredAt: Date | null;
  /** Teams co-pursuing it (联合跟进), no share agreed. */
  coTeamIds: string[];
}

/** The signing pipeline (招商项目 → 在谈 → 签约): leads, their moves, and 首报首谈 protection. */
@Injectable()
export class LeadsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: LeadsRepository,
    private readonly leadViews: LeadViewsReadModel,
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly enterprises: EnterprisesService,
    private readonly mergeRegistry: EnterpriseMergeRegistry,
    private readonly notices: LeadClaimNotices,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
    @Inject(SOURCE_REGIONS) private readonly sourceRegions: ReferenceService<SourceRegion>,
    @Inject(PIPELINE_RULES) private readonly rules: PipelineRules,
    private readonly carriers: CarriersService,
  ) {}

  onModuleInit(): void {
    this.mergeRegistry.register('leads', async (em, fromId, intoId, context) => {
      await this.settleMergeConflicts(em, intoId, fromId, context);
      await em.getRepository(Lead).update({ enterpriseId: fromId }, { enterpriseId: intoId });
    });
  }

  /**
   * The board's columns in one answer: each stage's first page of the list, exactly what
   * GET /leads?stage=…&sort=updatedAt&order=desc gives, so a phone's board is one round trip, not
   * seven. The stages are read one after another: a request holds one pooled connection at a time.
   */
  async columns(actor: AuthUser, query: PipelineColumnsQuery): Promise<PipelineColumnsView> {
    const columns: PipelineColumnView[] = [];
    for (const stage of BOARD_COLUMNS) {
      const page = await this.list(actor, { ...query, stage, sort: 'updatedAt', order: 'desc' });
      columns.push({ stage, label: LEAD_STAGE_LABELS[stage], ...page });
    }
    return { columns };
  }

  async list(actor: AuthUser, query: LeadQuery): Promise<Page<LeadView>> {
    const sort = query.sort ?? 'createdAt';
    const qb = this.repo.listed(actor, await this.listScope(actor, query), query, query.q ? `%${escapeLike(query.q)}%` : undefined);
    const column = { createdAt: 'created_at', updatedAt: 'updated_at', intendedAmount: 'intended_amount', stageEnteredAt: 'stage_entered_at' }[sort];
    const page = await this.leadViews.page(qb, query, { alias: 'l', property: sort, column, direction: query.order === 'asc' ? 'ASC' : 'DESC' });
    return mapPage(
      page,
      page.items.map((row) => toLeadView(row, this.rules.protectionDays)),
    );
  }

  /**
   * The list's leads (the caller's scope, the list's filters) as their view rows, oldest first, in
   * batches of `size`: what the export writes. The ordering is the keyset's, so no lead is read twice.
   */
  async *exportRows(actor: AuthUser, query: LeadQuery, size: number): AsyncGenerator<LeadViewRow[]> {
    const scope = await this.listScope(actor, query);
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const keys = await this.repo.exportBatch(actor, scope, query, after, size);
      if (keys.length === 0) return;
      const rows = await this.leadViews.rows(keys.map((k) => k.id), { activity: false });
      const byId = new Map(rows.map((r) => [r.id, r]));
      yield keys.map((k) => byId.get(k.id) as LeadViewRow);
      if (keys.length < size) return;
      after = keys[keys.length - 1] as { createdAt: Date; id: string };
    }
  }

  /** The leads a list draws from: 本队 (the teams the caller belongs to) or the caller's whole scope. */
  private listScope(actor: AuthUser, query: Pick<LeadQuery, 'scope'>): Promise<ResolvedLeadScope> {
    return this.repo.resolveScope(actor, { ownTeams: query.scope === 'team' });
  }

  async get(actor: AuthUser, id: string): Promise<LeadView> {
    const lead = await this.findVisible(this.dataSource.manager, actor, id);
    return (await this.views([lead]))[0] as LeadView;
  }

  /** A lead the caller may see, else 404. */
  async findVisible(em: EntityManager, actor: AuthUser, id: string): Promise<Lead> {
    const lead = await this.repo.findVisible(em, actor, id);
    if (!lead) throw notFound('lead');
    return lead;
  }

  /** A lead the caller may change: a member of the owning team, or a manager/admin above it. */
  async findWritable(em: EntityManager, actor: AuthUser, id: string): Promise<Lead> {
    const lead = await this.findVisible(em, actor, id);
    if (!(await this.scope.canWorkForTeam(actor, lead.teamId, em))) throw leadErrors('LEAD_WRITE_FORBIDDEN');
    return lead;
  }

  /**
   * A lead the caller may record a signing on: one they may change, or one co-pursued by a
   * team they work for (联合跟进: the signing's team stays the holder; credit follows the
   * deployment's sharing rule).
   */
  async findSignable(em: EntityManager, actor: AuthUser, id: string): Promise<Lead> {
    const lead = await this.findVisible(em, actor, id);
    if (await this.scope.canWorkForTeam(actor, lead.teamId, em)) return lead;
    for (const c of await this.repo.coTeamsOf(em, id)) if (await this.scope.canWorkForTeam(actor, c.teamId, em)) return lead;
    throw leadErrors('LEAD_WRITE_FORBIDDEN');
  }

  /** The teams co-pursuing the lead and their agreed shares (percent, null: none agreed). */
  coTeamsOf(em: EntityManager, leadId: string): Promise<Array<{ teamId: string; share: string | null }>> {
    return this.repo.coTeamsOf(em, leadId);
  }

  /**
   * Sets the share (percent, up to 2 decimals; null clears it) a co-pursuing team is credited
   * with when credit is shared: by a manager of the holding team or an admin; the shares on a
   * lead stay under 100 so the holder keeps some. Audited.
   */
  async setCoTeamShare(actor: AuthUser, leadId: string, teamId: string, dto: CoTeamShareDto): Promise<LeadView> {
    await this.dataSource.transaction(async (em) => {
      const lead = await this.findVisible(em, actor, leadId);
      if (actor.role === Role.Member || !(await this.scope.canManageTeam(actor, lead.teamId, em))) throw leadErrors('CO_TEAM_SHARE_FORBIDDEN');
      const coTeams = await this.repo.coTeamsOf(em, leadId, true);
      const current = coTeams.find((c) => c.teamId === teamId);
      if (!current) throw leadErrors('CO_TEAM_NOT_FOUND');
      const share = dto.share === null ? null : fromNumeric(dto.share);
      const others = coTeams.filter((c) => c.teamId !== teamId && c.share !== null).map((c) => c.share as string);
      if (share !== null && toUnits(sumWanYuan([...others, share])) >= toUnits('100')) {
        throw leadErrors('CO_TEAM_SHARES_TOO_LARGE', [{ field: 'share', message: `其他联合跟进招商队已约定 ${sumWanYuan(others)}%，合计须小于 100%` }]);
      }
      await this.repo.setCoTeamShare(em, leadId, teamId, share);
      await this.audit.record(em, actor, { action: 'co-team-share', entity: 'lead', entityId: leadId, before: { coTeamId: teamId, share: current.share === null ? null : fromNumeric(current.share) }, after: { coTeamId: teamId, share } });
    });
    return this.get(actor, leadId);
  }

  async create(actor: AuthUser, dto: CreateLeadDto): Promise<LeadView> {
    const id = await this.dataSource.transaction(async (em) => {
      await this.enterprises.findLive(dto.enterpriseId, em);
      const teamId = await this.scope.writableTeam(actor, dto.teamId);
      await this.checkReferences(em, dto);
      await this.carriers.assertLinkable(em, { carrierId: dto.carrierId, promotedProjectId: dto.promotedProjectId });
      // A manager or admin opening a lead for a team is not its owner: they must name a member.
      const ownerId = dto.ownerId ?? actor.id;
      await this.assertOwner(em, ownerId, teamId);
      await this.repo.lockPair(em, dto.enterpriseId, dto.industryChainId);
      await this.assertNoHolder(em, dto.enterpriseId, dto.industryChainId, teamId);
      const lead = em.getRepository(Lead).create({
        title: dto.title,
        enterpriseId: dto.enterpriseId,
        teamId,
        registeredTeamId: teamId,
        ownerId,
        industryChainId: dto.industryChainId,
        targetRegionUnitId: dto.targetRegionUnitId ?? null,
        sourceRegionId: dto.sourceRegionId ?? null,
        intendedAmount: dto.intendedAmount,
        expectedSignDate: dto.expectedSignDate ?? null,
        source: dto.source,
        isAnchor: dto.isAnchor ?? false,
        notes: dto.notes ?? null,
        carrierId: dto.carrierId ?? null,
        promotedProjectId: dto.promotedProjectId ?? null,
        createdById: actor.id,
      });
      await em.getRepository(Lead).save(lead);
      await em.getRepository(LeadStageChange).insert({ leadId: lead.id, fromStage: null, toStage: LeadStage.Lead, actorId: actor.id });
      await this.audit.record(em, actor, { action: 'create', entity: 'lead', entityId: lead.id, after: auditSnapshot(lead) });
      // The carrier or promoted project it names is now 洽谈中 (CarriersService's rule).
      await this.carriers.leadChanged(em, actor, lead.id, NO_LINKS);
      return lead.id;
    });
    return this.get(actor, id);
  }

  /**
   * Records a lead from a city's earlier spreadsheets (history import), in the caller's
   * transaction, under the rules a new lead meets — reference data, owner on the team, one holder
   * per enterprise and chain (首报首谈) — and the stage rules: the lead enters at 线索 and moves
   * to its stage as judgeTransition allows (搁置/终止 with their reason). 已签约 is refused: a
   * signing counts only when recorded with its agreement, amount and date and reviewed (项目认定).
   * The registration date is the historical one, so new-lead counts land in their month; the
   * stage is entered at the import, so the protection period starts when the city moves in
   * rather than flagging every old lead idle at once. No notification is written.
   */
  async importHistorical(em: EntityManager, actor: AuthUser, input: HistoricalLead): Promise<string> {
    if (input.stage === LeadStage.Signed) {
      const why = '已签约的项目不能作为历史线索导入：签约须在系统中逐笔登记（协议类型、金额、日期），经项目认定后才计入签约统计。请按「实质性洽谈」及以前的阶段导入，再为该线索登记签约';
      throw leadErrors('LEAD_IMPORT_SIGNED', [{ field: 'stage', message: why }], why);
    }
    const verdict = input.stage === LeadStage.Lead ? null : judgeTransition(LeadStage.Lead, input.stage);
    if (verdict && !verdict.ok) throw leadErrors('LEAD_TRANSITION_INVALID', [{ field: 'stage', message: verdict.message }], verdict.message);
    if (verdict?.needsReason && !input.sideStateReason) {
      throw leadErrors('LEAD_REASON_REQUIRED', [{ field: 'sideStateReason', message: `「${LEAD_STAGE_LABELS[input.stage]}」的线索须填写原因` }], `「${LEAD_STAGE_LABELS[input.stage]}」的线索须填写原因`);
    }
    await this.enterprises.findLive(input.enterpriseId, em);
    await this.checkReferences(em, input);
    await this.assertOwner(em, input.ownerId, input.teamId);
    await this.repo.lockPair(em, input.enterpriseId, input.industryChainId);
    // A lost lead holds nothing: only a live one must be the pair's only holder.
    if (input.stage !== LeadStage.Lost) await this.assertNoHolder(em, input.enterpriseId, input.industryChainId, input.teamId);
    const sideState = input.stage === LeadStage.OnHold || input.stage === LeadStage.Lost;
    const lead = em.getRepository(Lead).create({
      title: input.title,
      enterpriseId: input.enterpriseId,
      teamId: input.teamId,
      registeredTeamId: input.teamId,
      ownerId: input.ownerId,
      industryChainId: input.industryChainId,
      targetRegionUnitId: input.targetRegionUnitId,
      sourceRegionId: input.sourceRegionId,
      intendedAmount: input.intendedAmount,
      expectedSignDate: input.expectedSignDate,
      source: input.source,
      isAnchor: input.isAnchor,
      notes: input.notes,
      stage: input.stage,
      sideStateReason: sideState ? input.sideStateReason : null,
      furthestStageOrdinal: Math.max(0, pipelineOrdinal(input.stage)),
      createdById: actor.id,
      importedAt: new Date(),
      ...(input.registeredAt ? { createdAt: input.registeredAt } : {}),
    });
    await em.getRepository(Lead).save(lead);
    await em.getRepository(LeadStageChange).insert({ leadId: lead.id, fromStage: null, toStage: LeadStage.Lead, actorId: actor.id, reason: HISTORY_IMPORT_REASON });
    if (verdict) {
      await em.getRepository(LeadStageChange).insert({ leadId: lead.id, fromStage: LeadStage.Lead, toStage: input.stage, actorId: actor.id, reason: sideState ? input.sideStateReason : HISTORY_IMPORT_REASON });
    }
    for (const coTeamId of input.coTeamIds) {
      if (coTeamId === input.teamId) throw leadErrors('LEAD_REFERENCE_INVALID', [{ field: 'coTeamIds', message: '联合跟进招商队不能是持有线索的招商队' }], '联合跟进招商队不能是持有线索的招商队');
      await this.repo.addCoTeam(em, lead.id, coTeamId);
    }
    await this.audit.record(em, actor, { action: 'import', entity: 'lead', entityId: lead.id, after: { ...auditSnapshot(lead), coTeamIds: input.coTeamIds } });
    return lead.id;
  }

  async update(actor: AuthUser, id: string, dto: UpdateLeadDto): Promise<LeadView> {
    await this.dataSource.transaction((em) => this.updateWithin(em, actor, id, dto));
    return this.get(actor, id);
  }

  /** `update` in the caller's transaction; without a version, at the version read here (a bulk reassignment). */
  async updateWithin(em: EntityManager, actor: AuthUser, id: string, dto: Omit<UpdateLeadDto, 'version'> & { version?: number }): Promise<void> {
    const lead = await this.findWritable(em, actor, id);
    this.assertVersion(lead, dto.version);
    const before = auditSnapshot(lead);
    await this.checkReferences(em, dto);
    const links = { carrierId: lead.carrierId, promotedProjectId: lead.promotedProjectId };
    const relinked = (dto.carrierId !== undefined && dto.carrierId !== lead.carrierId) || (dto.promotedProjectId !== undefined && dto.promotedProjectId !== lead.promotedProjectId);
    if (relinked) {
      await this.carriers.assertLinkable(em, {
        carrierId: dto.carrierId !== lead.carrierId ? dto.carrierId : undefined,
        promotedProjectId: dto.promotedProjectId !== lead.promotedProjectId ? dto.promotedProjectId : undefined,
      });
    }
    if (dto.ownerId) await this.assertOwner(em, dto.ownerId, lead.teamId);
    if (dto.industryChainId && dto.industryChainId !== lead.industryChainId) {
      await this.repo.lockPair(em, lead.enterpriseId, dto.industryChainId);
      await this.assertNoHolder(em, lead.enterpriseId, dto.industryChainId, lead.teamId, lead.id);
    }
    const changes: Partial<Lead> = {};
    for (const key of ['title', 'ownerId', 'industryChainId', 'targetRegionUnitId', 'sourceRegionId', 'intendedAmount', 'expectedSignDate', 'source', 'isAnchor', 'notes', 'carrierId', 'promotedProjectId'] as const) {
      if (dto[key] !== undefined) (changes as Record<string, unknown>)[key] = dto[key];
    }
    await this.versionedUpdate(em, lead, dto.version, changes);
    await this.audit.record(em, actor, { action: 'update', entity: 'lead', entityId: id, before, after: { ...before, ...changes, intendedAmount: changes.intendedAmount ?? before.intendedAmount } });
    if (relinked) await this.carriers.leadChanged(em, actor, id, links);
  }

  /** Moves a lead along the pipeline (or aside), as the rules allow. */
  async transition(actor: AuthUser, id: string, dto: TransitionDto): Promise<LeadView> {
    await this.dataSource.transaction((em) => this.transitionWithin(em, actor, id, dto));
    return this.get(actor, id);
  }

  /** `transition` in the caller's transaction (a bulk move runs it per lead). */
  async transitionWithin(em: EntityManager, actor: AuthUser, id: string, dto: TransitionDto): Promise<void> {
    const lead = await this.findWritable(em, actor, id);
    // A stale version is answered as such, not judged against a stage the caller never saw.
    this.assertVersion(lead, dto.version);
    const verdict = judgeTransition(lead.stage, dto.to);
    if (!verdict.ok) {
      const code = verdict.code === 'SIGNED_IS_FINAL' ? 'LEAD_SIGNED_IS_FINAL' : 'LEAD_TRANSITION_INVALID';
      throw leadErrors(code, [{ field: 'to', message: verdict.message }], verdict.message);
    }
    if (verdict.needsReason && !dto.reason) {
      throw leadErrors('LEAD_REASON_REQUIRED', [{ field: 'reason', message: `从「${LEAD_STAGE_LABELS[lead.stage]}」到「${LEAD_STAGE_LABELS[dto.to]}」需要填写原因` }]);
    }
    if (verdict.kind === 'reopen' && lead.stage === LeadStage.Lost) {
      // Reopening a lost lead re-registers it: another team may hold the pair by now.
      await this.repo.lockPair(em, lead.enterpriseId, lead.industryChainId);
      await this.assertNoHolder(em, lead.enterpriseId, lead.industryChainId, lead.teamId, lead.id);
    }
    await this.moveStage(em, actor, lead, dto.to, dto.reason ?? null, dto.version);
  }

  /** Releases a lead idle beyond the protection period (manager or admin): it becomes lost, and the pair is free. */
  async release(actor: AuthUser, id: string, reason: string): Promise<LeadView> {
    await this.dataSource.transaction((em) => this.releaseWithin(em, actor, id, reason));
    return this.get(actor, id);
  }

  /** `release` in the caller's transaction (a bulk release runs it per lead). */
  async releaseWithin(em: EntityManager, actor: AuthUser, id: string, reason: string): Promise<void> {
    const lead = await this.findVisible(em, actor, id);
    if (actor.role === Role.Member || !(await this.scope.canManageTeam(actor, lead.teamId))) throw leadErrors('LEAD_WRITE_FORBIDDEN');
    const idle = await this.repo.findVisibleIdle(em, actor, id);
    if (!idle) throw leadErrors('LEAD_NOT_IDLE', { protectionDays: this.rules.protectionDays });
    await this.moveStage(em, actor, lead, LeadStage.Lost, `${RELEASE_REASON_PREFIX}${reason}`);
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const lead = await this.findWritable(em, actor, id);
      if (lead.signedOn) throw leadErrors('LEAD_HAS_SIGNINGS');
      await em.getRepository(Lead).softDelete({ id });
      // Claims on it can no longer be seen or decided: close them rather than leave them pending.
      await this.repo.closePendingClaims(em, actor, id, '线索已删除，申请自动关闭');
      await this.audit.record(em, actor, { action: 'delete', entity: 'lead', entityId: id, before: auditSnapshot(lead) });
      // A deleted lead no longer holds the carrier or promoted project it named (the audit entry
      // above keeps what it named), nor keeps them from being deleted.
      if (lead.carrierId || lead.promotedProjectId) {
        await em.getRepository(Lead).update({ id }, { carrierId: null, promotedProjectId: null });
        await this.carriers.leadChanged(em, actor, id, { carrierId: lead.carrierId, promotedProjectId: lead.promotedProjectId });
      }
    });
  }

  /**
   * Records a stage move under the optimistic lock: the UPDATE names the version read, so of
   * two concurrent moves exactly one wins and the other gets 409 with the current state.
   */
  async moveStage(em: EntityManager, actor: AuthUser, lead: Lead, to: LeadStage, reason: string | null, expectedVersion?: number): Promise<void> {
    const sideState = to === LeadStage.OnHold || to === LeadStage.Lost;
    const ordinal = pipelineOrdinal(to);
    // versionedUpdate writes the changes into `lead`: keep the stage being left first.
    const from = lead.stage;
    const enteredAt = lead.stageEnteredAt;
    await this.versionedUpdate(em, lead, expectedVersion, {
      stage: to,
      stageEnteredAt: new Date(),
      sideStateReason: sideState ? reason : null,
      furthestStageOrdinal: Math.max(lead.furthestStageOrdinal, ordinal),
    });
    await em.getRepository(LeadStageChange).insert({
      leadId: lead.id,
      fromStage: from,
      toStage: to,
      reason,
      actorId: actor.id,
      daysInFromStage: ((Date.now() - enteredAt.getTime()) / DAY_MS).toFixed(3),
    });
    await this.audit.record(em, actor, { action: 'transition', entity: 'lead', entityId: lead.id, before: { stage: from }, after: { stage: to, reason } });
    // A lost lead frees the pair: a claim on it has nothing left to grant (the team may register its own lead).
    if (to === LeadStage.Lost) await this.repo.closePendingClaims(em, actor, lead.id, '线索已终止，申请自动关闭；申请方可直接登记线索');
    // 终止 frees the carrier it names, a reopening takes it again (CarriersService's rule).
    if (lead.carrierId || lead.promotedProjectId) await this.carriers.leadChanged(em, actor, lead.id, { carrierId: lead.carrierId, promotedProjectId: lead.promotedProjectId });
  }

  /**
   * The leads' part of an enterprise merge, before the leads move: where both companies hold
   * a live lead on one industry chain, the merged company would have two holders of the
   * pair, which the collision rule (one holder per enterprise + chain, 首报首谈) forbids.
   * Without `leadConflicts` the merge is refused (409 MERGE_LEAD_CONFLICT naming the leads).
   * With it, per chain the holder stays — the signed lead if one is, else the earliest
   * registered (首报, as findHolder) — and every other lead is closed (终止, with the reason,
   * its pending claims closed as on any close); its team and co-pursuers then either file a
   * co-pursuit claim on the holder for the usual decision (`claim`) or become co-pursuers
   * at once (`co_pursue`). Two signed leads on one chain cannot be closed: 409
   * MERGE_LEAD_CONFLICT_SIGNED. All in the merge's transaction, each step audited.
   */
  private async settleMergeConflicts(em: EntityManager, survivorId: string, sourceId: string, context: EnterpriseMergeContext): Promise<void> {
    const rows = await this.leadViews.mergeConflicts(em, survivorId, sourceId);
    if (rows.length === 0) return;
    const byChain = new Map<string, MergeConflictLead[]>();
    for (const row of rows) byChain.set(row.industry_chain_id, [...(byChain.get(row.industry_chain_id) ?? []), row]);
    const groups = [...byChain.values()].map((leads) => {
      const signed = leads.filter((l) => l.stage === LeadStage.Signed);
      const holder = (signed[0] ?? leads[0]) as MergeConflictLead;
      return { holder, others: leads.filter((l) => l.id !== holder.id), signedCount: signed.length };
    });
    const ref = (l: MergeConflictLead) => ({ leadId: l.id, title: l.title, enterpriseId: l.enterprise_id, teamId: l.team_id, teamName: l.team_name, stage: l.stage, stageLabel: LEAD_STAGE_LABELS[l.stage] });
    const conflicts = groups.map((g) => ({ industryChainId: g.holder.industry_chain_id, industryChainName: g.holder.chain_name, holder: ref(g.holder), others: g.others.map(ref) }));
    const described = groups.map((g) => `「${g.holder.chain_name}」：${[g.holder, ...g.others].map((l) => `${l.team_name}「${l.title}」`).join('、')}`).join('；');
    const unsettleable = groups.filter((g) => g.signedCount > 1);
    if (unsettleable.length > 0) {
      throw leadErrors(
        'MERGE_LEAD_CONFLICT_SIGNED',
        { conflicts: conflicts.filter((c) => unsettleable.some((g) => g.holder.id === c.holder.leadId)) },
        `两家企业在同一产业链的线索均已签约，不能自动合并，请先核实：${described}`,
      );
    }
    if (!context.leadConflicts) {
      throw leadErrors(
        'MERGE_LEAD_CONFLICT',
        { conflicts, options: Object.values(LeadConflictResolution) },
        `两家企业在同一产业链各有在跟线索，合并后会有两个持有方：${described}。请指定 leadConflicts：claim（较晚线索终止，其招商队向持有方申请联合跟进）或 co_pursue（较晚线索终止，其招商队直接联合跟进）`,
      );
    }
    for (const { holder, others } of groups) {
      const onHolder = new Set([holder.team_id, ...holder.co_team_ids]);
      for (const other of others) {
        const lead = (await em.getRepository(Lead).findOneBy({ id: other.id })) as Lead;
        await this.moveStage(em, context.actor, lead, LeadStage.Lost, `企业合并：并入「${holder.title}」（${holder.team_name}持有）`);
        for (const teamId of [other.team_id, ...other.co_team_ids]) {
          if (onHolder.has(teamId)) continue;
          onHolder.add(teamId);
          const via = { via: 'enterprise-merge', sourceEnterpriseId: sourceId, closedLeadId: other.id };
          if (context.leadConflicts === LeadConflictResolution.CoPursue) {
            await this.repo.addCoTeam(em, holder.id, teamId);
            await this.audit.record(em, context.actor, { action: 'co-pursue', entity: 'lead', entityId: holder.id, before: null, after: { coTeamId: teamId, ...via } });
            await this.notices.mergedIntoCoPursuit(em, { id: holder.id, title: holder.title, teamId: holder.team_id }, teamId, other.title);
          } else if (!(await this.repo.hasPendingClaim(em, holder.id, teamId))) {
            const claims = em.getRepository(LeadClaim);
            const claim = await claims.save(
              claims.create({
                leadId: holder.id,
                requestingTeamId: teamId,
                requestedById: context.actor.id,
                kind: LeadClaimKind.CoPursue,
                reason: `企业合并：原线索「${other.title}」已终止，申请联合跟进「${holder.title}」`,
              }),
            );
            await this.audit.record(em, context.actor, { action: 'create', entity: 'lead-claim', entityId: claim.id, after: { leadId: holder.id, requestingTeamId: teamId, kind: LeadClaimKind.CoPursue, ...via } });
            await this.notices.filed(em, claim, { teamId: holder.team_id, teamName: holder.team_name });
          }
        }
      }
    }
  }

  /** 409 with the current state when the caller names a version other than the one just read. */
  assertVersion(lead: Lead, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== lead.version) throw versionConflict(lead);
  }

  /** UPDATE … WHERE version = expected; zero rows means someone else wrote first. */
  async versionedUpdate(em: EntityManager, lead: Lead, expectedVersion: number | undefined, changes: Partial<Lead>): Promise<void> {
    const expected = expectedVersion ?? lead.version;
    if (!(await this.repo.updateVersioned(em, lead.id, expected, changes))) {
      throw versionConflict(await em.getRepository(Lead).findOneBy({ id: lead.id }));
    }
    Object.assign(lead, changes, { version: expected + 1 });
  }

  /** The leads as lists show them, in the order given. */
  private async views(leads: Lead[]): Promise<LeadView[]> {
    if (leads.length === 0) return [];
    const rows = await this.leadViews.rows(leads.map((l) => l.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return leads.map((lead) => toLeadView(byId.get(lead.id) as LeadViewRow, this.rules.protectionDays));
  }

  private async assertNoHolder(em: EntityManager, enterpriseId: string, industryChainId: string, teamId: string, exceptLeadId?: string): Promise<void> {
    const own = await this.repo.findOwnLiveLead(em, enterpriseId, industryChainId, teamId, exceptLeadId);
    if (own) throw leadErrors('LEAD_DUPLICATE', { existingLeadId: own });
    const holder = await this.leadViews.findHolder(em, enterpriseId, industryChainId, teamId);
    if (holder && holder.leadId !== exceptLeadId) throw collision(holder);
  }

  private async checkReferences(em: EntityManager, dto: Partial<CreateLeadDto>): Promise<void> {
    if (dto.industryChainId) await this.chains.resolveActive([dto.industryChainId], 'industryChainId', em);
    if (dto.sourceRegionId) await this.sourceRegions.resolveActive([dto.sourceRegionId], 'sourceRegionId', em);
    if (dto.targetRegionUnitId && !(await this.regions.find(dto.targetRegionUnitId, em))) {
      throw leadErrors('LEAD_REFERENCE_INVALID', [{ field: 'targetRegionUnitId', message: '拟落地区域不存在' }], '拟落地区域不存在');
    }
  }

  private async assertOwner(em: EntityManager, ownerId: string, teamId: string): Promise<void> {
    const found = await this.users.findActive([ownerId], em);
    if (found.length === 0 || !(await this.scope.isMember(ownerId, teamId, em))) {
      throw leadErrors('LEAD_REFERENCE_INVALID', [{ field: 'ownerId', message: '负责人必须是该招商队的在职队员' }], '负责人必须是该招商队的在职队员');
    }
  }
}

function versionConflict(current: Lead | null) {
  return leadErrors('LEAD_VERSION_CONFLICT', {
    currentVersion: current?.version,
    currentStage: current?.stage,
    currentStageLabel: current ? LEAD_STAGE_LABELS[current.stage] : undefined,
    signedAmount: current ? fromNumeric(current.signedAmount) : undefined,
  });
}

/** 409 naming only the holding team and the lead's stage: nothing else of a lead the caller may not see. */
export function collision(holder: LeadHolder) {
  return leadErrors(
    'LEAD_COLLISION',
    { holdingTeam: { name: holder.teamName }, stage: holder.stage, stageLabel: LEAD_STAGE_LABELS[holder.stage] },
    `该企业该产业链的项目已由「${holder.teamName}」首报（当前阶段：${LEAD_STAGE_LABELS[holder.stage]}），可申请联合跟进或转交`,
  );
}

function auditSnapshot(l: Lead) {
  return {
    title: l.title,
    enterpriseId: l.enterpriseId,
    teamId: l.teamId,
    ownerId: l.ownerId,
    industryChainId: l.industryChainId,
    targetRegionUnitId: l.targetRegionUnitId,
    sourceRegionId: l.sourceRegionId,
    intendedAmount: fromNumeric(l.intendedAmount),
    expectedSignDate: l.expectedSignDate,
    source: l.source,
    isAnchor: l.isAnchor,
    stage: l.stage,
    notes: l.notes,
    carrierId: l.carrierId,
    promotedProjectId: l.promotedProjectId,
  };
}

/** A lead that named nothing (before it was created). */
const NO_LINKS = { carrierId: null, promotedProjectId: null };
