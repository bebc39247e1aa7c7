import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { commonErrors, notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { periodBounds } from '../common/time/period';
import { periodOfQuery, toReportPeriodView } from '../common/time/report-period.dto';
import { EnterpriseMergeRegistry } from '../enterprises/enterprise-merge.registry';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { LeadView } from '../leads/dto/lead.dto';
import { LEAD_STAGE_LABELS, LeadSource } from '../leads/entities/lead-stage';
import { LeadsService } from '../leads/leads.service';
import { ProjectsService } from '../projects/projects.service';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../reference/reference.module';
import { ReferenceService } from '../reference/reference.service';
import {
  ChainGraphQuery,
  ChainGraphView,
  ChainLinkCompanyView,
  ChainLinkDetailView,
  ChainLinkView,
  CreateChainLinkDto,
  PlaceCompanyDto,
  TargetToLeadDto,
  UpdateChainLinkDto,
  UpdatePlacementDto,
} from './dto/chain-map.dto';
import { CHAIN_PLACEMENT_LABELS, ChainLinkCompany, ChainPlacement } from './entities/chain-link-company.entity';
import { CHAIN_SEGMENT_LABELS, CHAIN_SEGMENTS, ChainLink, ChainSegment } from './entities/chain-link.entity';
import { chainMapErrors } from './chain-map.errors';
import { ChainMapReadModel, GraphLinkRow, SqlCondition } from './chain-map.read-model';
import { ChainMapRepository } from './chain-map.repository';

/** How many of a link's leads its drawer lists (newest first). */
const LINK_LEADS_LIMIT = 200;

/**
 * 产业链图谱: each chain's links (上游/中游/下游), the companies placed on them, and per link the
 * period's leads, signings and amounts in the caller's scope. Links and placements are reference
 * data kept by admins; a target company becomes a lead through the lead service's own rules.
 */
@Injectable()
export class ChainMapService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly reads: ChainMapReadModel,
    private readonly repo: ChainMapRepository,
    private readonly enterprises: EnterprisesService,
    private readonly leads: LeadsService,
    private readonly projects: ProjectsService,
    private readonly mergeRegistry: EnterpriseMergeRegistry,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
  ) {}

  onModuleInit(): void {
    this.mergeRegistry.register('chain-map', (em, fromId, intoId) => this.repo.moveOnMerge(em, fromId, intoId));
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────

  async graph(actor: AuthUser, chainId: string, query: ChainGraphQuery): Promise<ChainGraphView> {
    const chain = await this.chains.get(chainId);
    const period = periodOfQuery(query);
    const { start, end } = periodBounds(period);
    const rows = await this.reads.graph(chain.id, start, end, this.leadScope(actor), this.projects.visibility(actor));
    const links = rows.map((r) => toGraphLink(r));
    const sum = (pick: (l: (typeof links)[number]) => number) => links.reduce((n, l) => n + pick(l), 0);
    return {
      chain: { id: chain.id, name: chain.name },
      period: toReportPeriodView(period),
      segments: CHAIN_SEGMENTS.map((segment) => ({ segment, label: CHAIN_SEGMENT_LABELS[segment], links: links.filter((l) => l.segment === segment) })),
      gapCount: links.filter((l) => l.isGap).length,
      totals: {
        leads: sum((l) => l.figures.leads),
        signedProjects: sum((l) => l.figures.signedProjects),
        signedAmount: formatWanYuan(links.reduce((n, l) => n + toUnits(l.figures.signedAmount), 0n)),
      },
    };
  }

  async link(actor: AuthUser, id: string): Promise<ChainLinkDetailView> {
    const link = await this.findLink(this.dataSource.manager, id);
    const chain = await this.chains.get(link.chainId);
    const scope = this.leadScope(actor);
    const [companies, leads] = await Promise.all([this.reads.companies(id, scope), this.reads.leads(id, scope, LINK_LEADS_LIMIT)]);
    return {
      ...toLinkView(link),
      chain: { id: chain.id, name: chain.name },
      companies: companies.map(
        (c): ChainLinkCompanyView => ({
          enterpriseId: c.enterprise_id,
          enterpriseName: c.enterprise_name,
          placement: c.placement as ChainPlacement,
          placementLabel: CHAIN_PLACEMENT_LABELS[c.placement as ChainPlacement],
          note: c.note,
          leadCount: c.lead_count,
        }),
      ),
      leads: leads.map((l) => ({
        id: l.id,
        title: l.title,
        enterpriseId: l.enterprise_id,
        enterpriseName: l.enterprise_name,
        stage: l.stage,
        stageLabel: LEAD_STAGE_LABELS[l.stage],
        teamId: l.team_id,
        teamName: l.team_name,
        intendedAmount: fromNumeric(l.intended_amount),
        createdAt: l.created_at,
      })),
    };
  }

  // ── Links (admins) ───────────────────────────────────────────────────────────────────────

  async createLink(actor: AuthUser, dto: CreateChainLinkDto): Promise<ChainLinkView> {
    return this.write(async (em) => {
      await this.chains.resolveActive([dto.chainId], 'chainId', em);
      const repo = em.getRepository(ChainLink);
      const link = await repo.save(repo.create({ chainId: dto.chainId, segment: dto.segment, name: dto.name, keyProducts: dto.keyProducts ?? null, sortOrder: dto.sortOrder ?? 0 }));
      await this.audit.record(em, actor, { action: 'create', entity: 'chain-link', entityId: link.id, after: toLinkView(link) });
      return toLinkView(link);
    });
  }

  async updateLink(actor: AuthUser, id: string, dto: UpdateChainLinkDto): Promise<ChainLinkView> {
    return this.write(async (em) => {
      const link = await this.findLink(em, id, true);
      const before = toLinkView(link);
      if (dto.segment !== undefined) link.segment = dto.segment;
      if (dto.name !== undefined) link.name = dto.name;
      if (dto.keyProducts !== undefined) link.keyProducts = dto.keyProducts;
      if (dto.sortOrder !== undefined) link.sortOrder = dto.sortOrder;
      await em.getRepository(ChainLink).save(link);
      await this.audit.record(em, actor, { action: 'update', entity: 'chain-link', entityId: id, before, after: toLinkView(link) });
      return toLinkView(link);
    });
  }

  /** A link with companies on it is refused (409): removing them first is a decision, not a side effect. */
  async removeLink(actor: AuthUser, id: string): Promise<void> {
    await this.write(async (em) => {
      const link = await this.findLink(em, id, true);
      const placed = await em.getRepository(ChainLinkCompany).countBy({ linkId: id });
      if (placed > 0) throw chainMapErrors('CHAIN_LINK_NOT_EMPTY', { companies: placed });
      await em.getRepository(ChainLink).delete({ id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'chain-link', entityId: id, before: toLinkView(link) });
    });
  }

  // ── Placements (admins) ──────────────────────────────────────────────────────────────────

  async place(actor: AuthUser, linkId: string, dto: PlaceCompanyDto): Promise<ChainLinkCompanyView> {
    return this.write(async (em) => {
      await this.findLink(em, linkId, true);
      const enterprise = await this.liveEnterprise(em, dto.enterpriseId);
      const repo = em.getRepository(ChainLinkCompany);
      if (await repo.existsBy({ linkId, enterpriseId: enterprise.id })) throw placedAlready();
      const row = await repo.save(repo.create({ linkId, enterpriseId: enterprise.id, placement: dto.placement, note: dto.note ?? null }));
      await this.audit.record(em, actor, { action: 'create', entity: 'chain-link-company', entityId: row.id, after: placementSnapshot(row) });
      return { enterpriseId: enterprise.id, enterpriseName: enterprise.name, placement: row.placement, placementLabel: CHAIN_PLACEMENT_LABELS[row.placement], note: row.note, leadCount: 0 };
    });
  }

  async updatePlacement(actor: AuthUser, linkId: string, enterpriseId: string, dto: UpdatePlacementDto): Promise<void> {
    await this.write(async (em) => {
      const row = await this.findPlacement(em, linkId, enterpriseId);
      const before = placementSnapshot(row);
      if (dto.placement !== undefined) row.placement = dto.placement;
      if (dto.note !== undefined) row.note = dto.note;
      await em.getRepository(ChainLinkCompany).save(row);
      await this.audit.record(em, actor, { action: 'update', entity: 'chain-link-company', entityId: row.id, before, after: placementSnapshot(row) });
    });
  }

  async unplace(actor: AuthUser, linkId: string, enterpriseId: string): Promise<void> {
    await this.write(async (em) => {
      const row = await this.findPlacement(em, linkId, enterpriseId);
      await em.getRepository(ChainLinkCompany).delete({ id: row.id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'chain-link-company', entityId: row.id, before: placementSnapshot(row) });
    });
  }

  // ── 目标企业 → 线索 ───────────────────────────────────────────────────────────────────────

  /**
   * A target company of a link becomes a lead in the link's chain, through LeadsService.create:
   * the team, owner and 首报首谈 rules are the lead's own (409 LEAD_COLLISION when another team
   * holds the company in this chain; the claim is then made as for any lead).
   */
  async targetToLead(actor: AuthUser, linkId: string, enterpriseId: string, dto: TargetToLeadDto): Promise<LeadView> {
    const em = this.dataSource.manager;
    const link = await this.findLink(em, linkId);
    const row = await this.findPlacement(em, linkId, enterpriseId, false);
    if (row.placement !== ChainPlacement.Target) throw chainMapErrors('CHAIN_COMPANY_NOT_TARGET', [{ field: 'enterpriseId', message: `该企业在此链节上为「${CHAIN_PLACEMENT_LABELS[row.placement]}」，不是目标企业` }]);
    const enterprise = await this.enterprises.findLive(enterpriseId);
    const chain = await this.chains.get(link.chainId);
    return this.leads.create(actor, {
      title: dto.title ?? `${enterprise.name}·${link.name}`.slice(0, 200),
      enterpriseId,
      teamId: dto.teamId,
      ownerId: dto.ownerId,
      industryChainId: link.chainId,
      intendedAmount: dto.intendedAmount ?? '0',
      source: dto.source ?? LeadSource.Other,
      notes: `来自产业链图谱：${chain.name}·${CHAIN_SEGMENT_LABELS[link.segment]}·${link.name}（目标企业）`,
    });
  }

  // ── Helpers ──────────────────────────────────────────────────────────────────────────────

  /** Leads the caller sees, as a condition on `leads l` (null: an admin, everything). */
  private leadScope(actor: AuthUser): SqlCondition | null {
    return this.scope.visibleLeadsSql(actor, 'l');
  }

  private async findLink(em: EntityManager, id: string, lock = false): Promise<ChainLink> {
    const link = await em.getRepository(ChainLink).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!link) throw notFound('chain-link');
    return link;
  }

  private async findPlacement(em: EntityManager, linkId: string, enterpriseId: string, lock = true): Promise<ChainLinkCompany> {
    await this.findLink(em, linkId);
    const row = await em.getRepository(ChainLinkCompany).findOne({ where: { linkId, enterpriseId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row) throw notFound('chain-link-company');
    return row;
  }

  /** The body's company: a live one, else 400 naming the field (a reference in the body, not the path). */
  private async liveEnterprise(em: EntityManager, id: string) {
    try {
      return await this.enterprises.findLive(id, em);
    } catch {
      throw commonErrors('REFERENCE_NOT_FOUND', [{ field: 'enterpriseId', message: '企业不存在或已合并' }]);
    }
  }

  private async write<R>(work: (em: EntityManager) => Promise<R>): Promise<R> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err, 'uq_chain_links_chain_name')) throw chainMapErrors('CHAIN_LINK_NAME_TAKEN', [{ field: 'name', message: '该产业链已有同名链节' }]);
      if (isUniqueViolation(err, 'uq_chain_link_companies_link_enterprise')) throw placedAlready();
      throw err;
    }
  }
}

const placedAlready = () => chainMapErrors('CHAIN_COMPANY_PLACED', [{ field: 'enterpriseId', message: '该企业已在此链节上' }]);

function toLinkView(l: ChainLink): ChainLinkView {
  return { id: l.id, chainId: l.chainId, segment: l.segment, segmentLabel: CHAIN_SEGMENT_LABELS[l.segment], name: l.name, keyProducts: l.keyProducts, sortOrder: l.sortOrder };
}

function placementSnapshot(r: ChainLinkCompany) {
  return { linkId: r.linkId, enterpriseId: r.enterpriseId, placement: r.placement, note: r.note };
}

/** A link is a gap (补链) when no company is there already: none local, none landed. */
function toGraphLink(r: GraphLinkRow) {
  const segment = r.segment as ChainSegment;
  return {
    id: r.id,
    chainId: r.chain_id,
    segment,
    segmentLabel: CHAIN_SEGMENT_LABELS[segment],
    name: r.name,
    keyProducts: r.key_products,
    sortOrder: r.sort_order,
    companies: { local: r.local, landed: r.landed, target: r.target },
    isGap: r.local + r.landed === 0,
    figures: { leads: r.leads, signedProjects: r.signed_projects, signedAmount: fromNumeric(r.signed_amount) },
  };
}
