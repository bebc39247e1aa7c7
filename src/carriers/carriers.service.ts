import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { FieldIssue, notFound } from '../common/errors/app-error';
import { isForeignKeyViolation } from '../common/errors/pg-errors';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { ReportWorkbook, startXlsxDownload } from '../common/spreadsheet/report-workbook';
import { businessDate } from '../common/time/business-time';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../reference/reference.module';
import { ReferenceService } from '../reference/reference.service';
import { RegionsService } from '../regions/regions.service';
import { carrierErrors } from './carriers.errors';
import { CarriersRepository } from './carriers.repository';
import {
  CarrierQuery,
  CarrierView,
  CreateCarrierDto,
  CreatePromotedProjectDto,
  FairExportQuery,
  PromotedProjectQuery,
  PromotedProjectView,
  UpdateCarrierDto,
  UpdatePromotedProjectDto,
} from './dto/carrier.dto';
import {
  AREA_UNIT_LABELS,
  AVAILABILITY_LABELS,
  CARRIER_KIND_LABELS,
  CarrierAvailability,
  CarrierKind,
  PRICE_UNIT_LABELS,
  PROMOTED_STATUS_LABELS,
  PromotedProjectStatus,
} from './entities/carrier-enums';
import { Carrier } from './entities/carrier.entity';
import { PromotedProject } from './entities/promoted-project.entity';
import { LeadLinks, LeadLinksReadModel } from './lead-links.read-model';

/** The carrier fields a form may write. */
const CARRIER_FIELDS = ['kind', 'name', 'regionUnitId', 'parentId', 'industryChainId', 'area', 'areaUnit', 'availableArea', 'price', 'priceUnit', 'availability', 'conditions', 'address', 'contactName', 'contactPhone'] as const;
const PROJECT_FIELDS = ['name', 'industryChainId', 'regionUnitId', 'totalInvestment', 'expectedOutputValue', 'expectedReturn', 'description', 'contactName', 'contactPhone', 'status'] as const;

/** Numeric text as stored ("1200.0000") to the API's canonical form ("1200"); null stays null. */
const decimal = (v: string | null): string | null => (v === null ? null : fromNumeric(v));

/**
 * 载体与推介项目库. Everyone signed in reads the whole catalogue (members market it too); an
 * admin writes any record, a manager those in (or below) a region unit they manage — another
 * region's record is 404 to them, as everywhere.
 *
 * Availability follows the leads that name a record (lead.carrierId / promotedProjectId):
 * a land parcel, a factory or a promoted project is 洽谈中 while a lead that is not 终止 names
 * it, back to 可用/推介中 when none does, and 已落地 — with no area left — when the project of a
 * lead naming it enters the registry. A park (园区) hosts many projects, so a lead neither
 * reserves nor fills it: its availability is kept by hand. 已落地 is never undone by the leads.
 */
@Injectable()
export class CarriersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CarriersRepository,
    private readonly leadLinks: LeadLinksReadModel,
    private readonly audit: AuditService,
    private readonly access: AccessRepository,
    private readonly regions: RegionsService,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  // ── carriers ────────────────────────────────────────────────────────────────────────────

  async listCarriers(actor: AuthUser, query: CarrierQuery): Promise<Page<CarrierView>> {
    const page = await paginate(this.repo.carriers(query), query, { alias: 'c', property: 'createdAt', column: 'created_at', direction: 'DESC' });
    const editable = await this.editableUnits(actor, page.items.map((c) => c.regionUnitId));
    return mapPage(page, page.items.map((c) => carrierView(c, editable)));
  }

  async getCarrier(actor: AuthUser, id: string): Promise<CarrierView> {
    const carrier = await this.repo.carriers({}).andWhere('c.id = :id', { id }).getOne();
    if (!carrier) throw notFound('carrier');
    return carrierView(carrier, await this.editableUnits(actor, [carrier.regionUnitId]));
  }

  async createCarrier(actor: AuthUser, dto: CreateCarrierDto): Promise<CarrierView> {
    const id = await this.dataSource.transaction(async (em) => {
      await this.assertWritable(em, actor, dto.regionUnitId, 'carrier');
      const repo = em.getRepository(Carrier);
      const carrier = repo.create({
        kind: dto.kind,
        name: dto.name,
        regionUnitId: dto.regionUnitId,
        parentId: dto.parentId ?? null,
        industryChainId: dto.industryChainId ?? null,
        area: dto.area,
        areaUnit: dto.areaUnit,
        availableArea: dto.availableArea ?? dto.area,
        price: dto.price ?? null,
        priceUnit: dto.priceUnit ?? null,
        availability: dto.availability ?? CarrierAvailability.Available,
        conditions: dto.conditions ?? null,
        address: dto.address ?? null,
        contactName: dto.contactName ?? null,
        contactPhone: dto.contactPhone ?? null,
        createdById: actor.id,
      });
      await this.checkCarrier(em, carrier, null);
      await repo.save(carrier);
      await this.audit.record(em, actor, { action: 'create', entity: 'carrier', entityId: carrier.id, after: carrierSnapshot(carrier) });
      return carrier.id;
    });
    return this.getCarrier(actor, id);
  }

  async updateCarrier(actor: AuthUser, id: string, dto: UpdateCarrierDto): Promise<CarrierView> {
    await this.dataSource.transaction(async (em) => {
      const carrier = await this.repo.lockCarrier(em, id);
      if (!carrier) throw notFound('carrier');
      await this.assertWritable(em, actor, carrier.regionUnitId, 'carrier');
      // Moving it to another region: the new one must be the caller's too.
      if (dto.regionUnitId !== undefined && dto.regionUnitId !== carrier.regionUnitId) await this.assertWritable(em, actor, dto.regionUnitId, 'carrier');
      const before = carrierSnapshot(carrier);
      const areaChanged = dto.area !== undefined && dto.availableArea === undefined;
      for (const key of CARRIER_FIELDS) {
        if (dto[key] !== undefined) (carrier as unknown as Record<string, unknown>)[key] = dto[key];
      }
      // A new area without a new available area: what was taken stays taken.
      if (areaChanged) {
        const taken = toUnits(fromNumeric(before.area)) - toUnits(fromNumeric(before.availableArea));
        const left = toUnits(carrier.area) - taken;
        carrier.availableArea = left > 0n ? formatWanYuan(left) : '0';
      }
      await this.checkCarrier(em, carrier, id);
      await em.getRepository(Carrier).save(carrier);
      await this.audit.record(em, actor, { action: 'update', entity: 'carrier', entityId: id, before, after: carrierSnapshot(carrier) });
    });
    return this.getCarrier(actor, id);
  }

  async removeCarrier(actor: AuthUser, id: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (em) => {
        const carrier = await this.repo.lockCarrier(em, id);
        if (!carrier) throw notFound('carrier');
        await this.assertWritable(em, actor, carrier.regionUnitId, 'carrier');
        await em.getRepository(Carrier).delete({ id });
        await this.audit.record(em, actor, { action: 'delete', entity: 'carrier', entityId: id, before: carrierSnapshot(carrier) });
      });
    } catch (err) {
      if (isForeignKeyViolation(err)) throw carrierErrors('CARRIER_IN_USE');
      throw err;
    }
  }

  /** The rules a carrier's fields must meet together: references exist, a park holds no park, area and price fit. */
  private async checkCarrier(em: EntityManager, c: Carrier, id: string | null): Promise<void> {
    const issues: FieldIssue[] = [];
    if (c.industryChainId) await this.chains.resolveActive([c.industryChainId], 'industryChainId', em);
    if (c.parentId) {
      const parent = await em.getRepository(Carrier).findOneBy({ id: c.parentId });
      if (!parent) issues.push({ field: 'parentId', message: '所在园区不存在' });
      else if (parent.kind !== CarrierKind.Park) issues.push({ field: 'parentId', message: `「${parent.name}」不是园区：只有园区可以容纳土地或厂房` });
      else if (c.kind === CarrierKind.Park) issues.push({ field: 'parentId', message: '园区不能位于另一个园区内' });
      if (c.parentId === id) issues.push({ field: 'parentId', message: '载体不能位于自身之内' });
    }
    if (id && c.kind !== CarrierKind.Park && (await this.repo.hasChildren(em, id))) issues.push({ field: 'kind', message: '园区内还有土地或厂房，不能改为其他类型' });
    if (toUnits(fromNumeric(c.availableArea)) > toUnits(fromNumeric(c.area))) issues.push({ field: 'availableArea', message: `可用面积不能大于面积（${fromNumeric(c.area)}${AREA_UNIT_LABELS[c.areaUnit]}）` });
    if (c.price !== null && c.priceUnit === null) issues.push({ field: 'priceUnit', message: '填写价格时须注明价格单位' });
    if (issues.length) throw carrierErrors('CARRIER_INVALID', issues, issues[0]?.message);
  }

  // ── promoted projects ──────────────────────────────────────────────────────────────────

  async listPromotedProjects(actor: AuthUser, query: PromotedProjectQuery): Promise<Page<PromotedProjectView>> {
    const page = await paginate(this.repo.promotedProjects(query), query, { alias: 'p', property: 'createdAt', column: 'created_at', direction: 'DESC' });
    const editable = await this.editableUnits(actor, page.items.map((p) => p.regionUnitId));
    return mapPage(page, page.items.map((p) => projectView(p, editable)));
  }

  async getPromotedProject(actor: AuthUser, id: string): Promise<PromotedProjectView> {
    const project = await this.repo.promotedProjects({}).andWhere('p.id = :id', { id }).getOne();
    if (!project) throw notFound('promoted-project');
    return projectView(project, await this.editableUnits(actor, [project.regionUnitId]));
  }

  async createPromotedProject(actor: AuthUser, dto: CreatePromotedProjectDto): Promise<PromotedProjectView> {
    const id = await this.dataSource.transaction(async (em) => {
      await this.assertWritable(em, actor, dto.regionUnitId, 'promoted-project');
      await this.chains.resolveActive([dto.industryChainId], 'industryChainId', em);
      const repo = em.getRepository(PromotedProject);
      const project = repo.create({
        name: dto.name,
        industryChainId: dto.industryChainId,
        regionUnitId: dto.regionUnitId,
        totalInvestment: dto.totalInvestment,
        expectedOutputValue: dto.expectedOutputValue ?? null,
        expectedReturn: dto.expectedReturn ?? null,
        description: dto.description ?? null,
        contactName: dto.contactName ?? null,
        contactPhone: dto.contactPhone ?? null,
        status: dto.status ?? PromotedProjectStatus.Promoting,
        createdById: actor.id,
      });
      await repo.save(project);
      await this.audit.record(em, actor, { action: 'create', entity: 'promoted-project', entityId: project.id, after: projectSnapshot(project) });
      return project.id;
    });
    return this.getPromotedProject(actor, id);
  }

  async updatePromotedProject(actor: AuthUser, id: string, dto: UpdatePromotedProjectDto): Promise<PromotedProjectView> {
    await this.dataSource.transaction(async (em) => {
      const project = await this.repo.lockPromotedProject(em, id);
      if (!project) throw notFound('promoted-project');
      await this.assertWritable(em, actor, project.regionUnitId, 'promoted-project');
      if (dto.regionUnitId !== undefined && dto.regionUnitId !== project.regionUnitId) await this.assertWritable(em, actor, dto.regionUnitId, 'promoted-project');
      if (dto.industryChainId !== undefined && dto.industryChainId !== project.industryChainId) await this.chains.resolveActive([dto.industryChainId], 'industryChainId', em);
      const before = projectSnapshot(project);
      for (const key of PROJECT_FIELDS) {
        if (dto[key] !== undefined) (project as unknown as Record<string, unknown>)[key] = dto[key];
      }
      await em.getRepository(PromotedProject).save(project);
      await this.audit.record(em, actor, { action: 'update', entity: 'promoted-project', entityId: id, before, after: projectSnapshot(project) });
    });
    return this.getPromotedProject(actor, id);
  }

  async removePromotedProject(actor: AuthUser, id: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (em) => {
        const project = await this.repo.lockPromotedProject(em, id);
        if (!project) throw notFound('promoted-project');
        await this.assertWritable(em, actor, project.regionUnitId, 'promoted-project');
        await em.getRepository(PromotedProject).delete({ id });
        await this.audit.record(em, actor, { action: 'delete', entity: 'promoted-project', entityId: id, before: projectSnapshot(project) });
      });
    } catch (err) {
      if (isForeignKeyViolation(err)) throw carrierErrors('PROMOTED_PROJECT_IN_USE');
      throw err;
    }
  }

  // ── the leads' side ────────────────────────────────────────────────────────────────────

  /**
   * Checks what a lead is about to name (inside the lead's transaction): each record exists and
   * has not landed already. 400 naming carrierId / promotedProjectId otherwise.
   */
  async assertLinkable(em: EntityManager, links: Partial<LeadLinks>): Promise<void> {
    if (links.carrierId) {
      const carrier = await em.getRepository(Carrier).findOneBy({ id: links.carrierId });
      if (!carrier) throw carrierErrors('CARRIER_INVALID', [{ field: 'carrierId', message: '载体不存在' }], '载体不存在');
      if (carrier.availability === CarrierAvailability.Landed && carrier.kind !== CarrierKind.Park) {
        throw carrierErrors('CARRIER_INVALID', [{ field: 'carrierId', message: `「${carrier.name}」已落地，不能再作为线索的载体` }], `「${carrier.name}」已落地`);
      }
    }
    if (links.promotedProjectId) {
      const project = await em.getRepository(PromotedProject).findOneBy({ id: links.promotedProjectId });
      if (!project) throw carrierErrors('CARRIER_INVALID', [{ field: 'promotedProjectId', message: '推介项目不存在' }], '推介项目不存在');
      if (project.status === PromotedProjectStatus.Landed) {
        throw carrierErrors('CARRIER_INVALID', [{ field: 'promotedProjectId', message: `「${project.name}」已落地，不能再作为线索的推介项目` }], `「${project.name}」已落地`);
      }
    }
  }

  /**
   * A lead's links or stage changed (inside its transaction): each carrier and promoted project it
   * names now or named before takes the availability the leads give it (see the class comment).
   */
  async leadChanged(em: EntityManager, actor: AuthUser | null, leadId: string, before: LeadLinks): Promise<void> {
    const now = await this.leadLinks.linksOf(em, leadId);
    const carriers = new Set([before.carrierId, now?.carrierId].filter((x): x is string => !!x));
    const projects = new Set([before.promotedProjectId, now?.promotedProjectId].filter((x): x is string => !!x));
    for (const id of [...carriers].sort()) await this.refreshCarrier(em, actor, id, leadId);
    for (const id of [...projects].sort()) await this.refreshProject(em, actor, id, leadId);
  }

  /**
   * The project of lead `leadId` entered the registry (inside the rollup's transaction): the
   * parcel or factory the lead names is 已落地 with no area left; its promoted project 已落地.
   */
  async projectLanded(em: EntityManager, leadId: string, projectId: string): Promise<void> {
    const links = await this.leadLinks.linksOf(em, leadId);
    if (links?.carrierId) {
      const carrier = await this.repo.lockCarrier(em, links.carrierId);
      if (carrier && carrier.kind !== CarrierKind.Park && carrier.availability !== CarrierAvailability.Landed) {
        const before = { availability: carrier.availability, availableArea: fromNumeric(carrier.availableArea) };
        await em.getRepository(Carrier).update({ id: carrier.id }, { availability: CarrierAvailability.Landed, availableArea: '0' });
        await this.audit.record(em, null, { action: 'land', entity: 'carrier', entityId: carrier.id, before, after: { availability: CarrierAvailability.Landed, availableArea: '0', leadId, projectId } });
      }
    }
    if (links?.promotedProjectId) {
      const project = await this.repo.lockPromotedProject(em, links.promotedProjectId);
      if (project && project.status !== PromotedProjectStatus.Landed) {
        await em.getRepository(PromotedProject).update({ id: project.id }, { status: PromotedProjectStatus.Landed });
        await this.audit.record(em, null, { action: 'land', entity: 'promoted-project', entityId: project.id, before: { status: project.status }, after: { status: PromotedProjectStatus.Landed, leadId, projectId } });
      }
    }
  }

  private async refreshCarrier(em: EntityManager, actor: AuthUser | null, id: string, leadId: string): Promise<void> {
    const carrier = await this.repo.lockCarrier(em, id);
    if (!carrier || carrier.kind === CarrierKind.Park || carrier.availability === CarrierAvailability.Landed) return;
    const next = (await this.leadLinks.carrierNamedByLiveLead(em, id)) ? CarrierAvailability.Negotiating : CarrierAvailability.Available;
    if (next === carrier.availability) return;
    await em.getRepository(Carrier).update({ id }, { availability: next });
    await this.audit.record(em, actor, { action: 'availability', entity: 'carrier', entityId: id, before: { availability: carrier.availability }, after: { availability: next, leadId } });
  }

  private async refreshProject(em: EntityManager, actor: AuthUser | null, id: string, leadId: string): Promise<void> {
    const project = await this.repo.lockPromotedProject(em, id);
    if (!project || project.status === PromotedProjectStatus.Landed) return;
    const next = (await this.leadLinks.projectNamedByLiveLead(em, id)) ? PromotedProjectStatus.Negotiating : PromotedProjectStatus.Promoting;
    if (next === project.status) return;
    await em.getRepository(PromotedProject).update({ id }, { status: next });
    await this.audit.record(em, actor, { action: 'availability', entity: 'promoted-project', entityId: id, before: { status: project.status }, after: { status: next, leadId } });
  }

  // ── the fair export ────────────────────────────────────────────────────────────────────

  /** 招商推介会资料.xlsx: a sheet of carriers and one of promoted projects, audited as an export. */
  async fairXlsx(actor: AuthUser, query: FairExportQuery, res: Response): Promise<void> {
    const { carriers, projects } = await this.repo.fair(query);
    const region = query.regionUnitId ? await this.regions.find(query.regionUnitId) : null;
    const chain = query.industryChainId ? await this.chains.get(query.industryChainId).catch(() => null) : null;
    await this.audit.recordExport(actor, 'carriers-export', { filters: query, rows: carriers.length + projects.length, carriers: carriers.length, projects: projects.length, complete: true });
    const scope = [region?.name, chain?.name].filter(Boolean).join(' · ');
    const title = `${scope ? `${scope} ` : ''}招商推介载体与项目`;
    const facts = [`载体 ${carriers.length} 个`, `推介项目 ${projects.length} 个`, query.includeLanded ? '含已落地' : '不含已落地'];
    const issuedOn = businessDate(new Date());
    startXlsxDownload(res, 'carriers-fair', title);
    const book = new ReportWorkbook(res);
    const sheet = book.addSheet({ sheetName: '载体', title: `${title}（载体）`, facts, units: '面积、价格单位见各行', issuer: this.rules.issuer, issuedOn, frozenColumns: 3 }, [
      { header: '序号', format: 'index' },
      { header: '类型' },
      { header: '名称', wrap: true, width: 28 },
      { header: '所在园区', wrap: true, width: 20 },
      { header: '所在区域' },
      { header: '主导产业' },
      { header: '面积', format: 'amount' },
      { header: '可用面积', format: 'amount' },
      { header: '面积单位' },
      { header: '价格', format: 'amount' },
      { header: '价格单位' },
      { header: '状态' },
      { header: '配套条件', wrap: true, width: 40 },
      { header: '联系人' },
      { header: '联系电话' },
    ]);
    carriers.forEach((c, n) =>
      sheet.addRow([
        n + 1,
        CARRIER_KIND_LABELS[c.kind],
        c.name,
        c.parent?.name ?? null,
        c.regionUnit?.name ?? null,
        c.industryChain?.name ?? null,
        fromNumeric(c.area),
        fromNumeric(c.availableArea),
        AREA_UNIT_LABELS[c.areaUnit],
        decimal(c.price),
        c.priceUnit ? PRICE_UNIT_LABELS[c.priceUnit] : null,
        AVAILABILITY_LABELS[c.availability],
        c.conditions,
        c.contactName,
        c.contactPhone,
      ]),
    );
    sheet.finish();
    const projectSheet = book.addSheet({ sheetName: '推介项目', title: `${title}（推介项目）`, facts, units: '金额单位：万元', issuer: this.rules.issuer, issuedOn, frozenColumns: 2 }, [
      { header: '序号', format: 'index' },
      { header: '项目名称', wrap: true, width: 30 },
      { header: '产业链' },
      { header: '拟建地' },
      { header: '总投资（万元）', format: 'amount' },
      { header: '预计年产值（万元）', format: 'amount' },
      { header: '预期效益', wrap: true, width: 30 },
      { header: '项目简介', wrap: true, width: 40 },
      { header: '状态' },
      { header: '联系人' },
      { header: '联系电话' },
    ]);
    projects.forEach((p, n) =>
      projectSheet.addRow([
        n + 1,
        p.name,
        p.industryChain?.name ?? null,
        p.regionUnit?.name ?? null,
        fromNumeric(p.totalInvestment),
        decimal(p.expectedOutputValue),
        p.expectedReturn,
        p.description,
        PROMOTED_STATUS_LABELS[p.status],
        p.contactName,
        p.contactPhone,
      ]),
    );
    projectSheet.finish();
    await book.commit();
  }

  // ── scope ──────────────────────────────────────────────────────────────────────────────

  /**
   * The caller may write records of region `regionUnitId`: an admin any existing one, a manager
   * one at or below a unit they manage. Anything else reads as absent (404), never 403.
   */
  private async assertWritable(em: EntityManager, actor: AuthUser, regionUnitId: string, entity: string): Promise<void> {
    if (!(await this.regions.find(regionUnitId, em))) {
      throw carrierErrors('CARRIER_INVALID', [{ field: 'regionUnitId', message: '所在区域不存在' }], '所在区域不存在');
    }
    const seen = await this.access.unitsSeenWhole(actor, [regionUnitId], em);
    if (seen && !seen.has(regionUnitId)) throw notFound(entity);
  }

  /** The region units whose records the caller may edit, of those given; null: all (an admin). */
  private async editableUnits(actor: AuthUser, unitIds: string[]): Promise<Set<string> | null> {
    if (actor.role === Role.Admin) return null;
    return this.access.unitsSeenWhole(actor, [...new Set(unitIds)]);
  }
}

function carrierSnapshot(c: Carrier): Record<string, unknown> & { area: string; availableArea: string } {
  const { regionUnit: _r, parent: _p, industryChain: _c, ...row } = c;
  return { ...row, area: fromNumeric(c.area), availableArea: fromNumeric(c.availableArea), price: decimal(c.price) };
}

function projectSnapshot(p: PromotedProject): Record<string, unknown> {
  const { regionUnit: _r, industryChain: _c, ...row } = p;
  return { ...row, totalInvestment: fromNumeric(p.totalInvestment), expectedOutputValue: decimal(p.expectedOutputValue) };
}

function carrierView(c: Carrier, editable: Set<string> | null): CarrierView {
  return {
    id: c.id,
    kind: c.kind,
    kindLabel: CARRIER_KIND_LABELS[c.kind],
    name: c.name,
    regionUnit: { id: c.regionUnitId, name: c.regionUnit?.name ?? '' },
    parent: c.parentId ? { id: c.parentId, name: c.parent?.name ?? '' } : null,
    industryChain: c.industryChainId ? { id: c.industryChainId, name: c.industryChain?.name ?? '' } : null,
    area: fromNumeric(c.area),
    areaUnit: c.areaUnit,
    areaUnitLabel: AREA_UNIT_LABELS[c.areaUnit],
    availableArea: fromNumeric(c.availableArea),
    price: decimal(c.price),
    priceUnit: c.priceUnit,
    priceUnitLabel: c.priceUnit ? PRICE_UNIT_LABELS[c.priceUnit] : null,
    availability: c.availability,
    availabilityLabel: AVAILABILITY_LABELS[c.availability],
    conditions: c.conditions,
    address: c.address,
    contactName: c.contactName,
    contactPhone: c.contactPhone,
    canEdit: editable === null || editable.has(c.regionUnitId),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

function projectView(p: PromotedProject, editable: Set<string> | null): PromotedProjectView {
  return {
    id: p.id,
    name: p.name,
    industryChain: { id: p.industryChainId, name: p.industryChain?.name ?? '' },
    regionUnit: { id: p.regionUnitId, name: p.regionUnit?.name ?? '' },
    totalInvestment: fromNumeric(p.totalInvestment),
    expectedOutputValue: decimal(p.expectedOutputValue),
    expectedReturn: p.expectedReturn,
    description: p.description,
    contactName: p.contactName,
    contactPhone: p.contactPhone,
    status: p.status,
    statusLabel: PROMOTED_STATUS_LABELS[p.status],
    canEdit: editable === null || editable.has(p.regionUnitId),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
