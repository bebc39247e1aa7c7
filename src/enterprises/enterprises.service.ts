import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../reference/reference.module';
import { ReferenceService } from '../reference/reference.service';
import { CreateEnterpriseDto, EnterpriseQuery, EnterpriseView, toEnterpriseView, UpdateEnterpriseDto } from './dto/enterprise.dto';
import { EnterpriseContact } from './entities/enterprise-contact.entity';
import { Enterprise } from './entities/enterprise.entity';
import { normalizeEnterpriseName, searchGrams, searchText } from './enterprise-name';
import { pinyinKeys } from '../common/text/pinyin';
import { EnterpriseMergeRegistry, LeadConflictResolution } from './enterprise-merge.registry';
import { enterpriseErrors } from './enterprises.errors';
import { EnterprisesRepository } from './enterprises.repository';
import { EnterpriseSearchReadModel } from './enterprise-search.read-model';
import { enterpriseSnapshot } from './enterprise-snapshot';
import { checkUscc, normalizeUscc } from './uscc';

/** A live enterprise that a new or changed one would duplicate. */
export interface DuplicateMatch {
  existingId: string;
  existingName: string;
  matchedOn: 'creditCode' | 'name';
  /** Set when the match was an enterprise merged away: existingId is the one it lives on as. */
  mergedFromId?: string;
}

/** The shared company database (企业库): every signed-in user reads and adds; edits are audited. */
@Injectable()
export class EnterprisesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly mergeRegistry: EnterpriseMergeRegistry,
    private readonly repository: EnterprisesRepository,
    private readonly search: EnterpriseSearchReadModel,
    @Inject(INDUSTRY_CHAINS) private readonly chains: ReferenceService<IndustryChain>,
  ) {}

  async list(query: EnterpriseQuery): Promise<Page<EnterpriseView>> {
    // A search without filters is one statement of its own (enterprise-search.read-model.ts).
    const page = (await this.search.page(query)) ?? (await paginate(this.repository.filtered(query), query, { alias: 'e', property: 'createdAt', column: 'created_at' }));
    return mapPage(page, page.items.map(toEnterpriseView));
  }

  async get(id: string): Promise<EnterpriseView> {
    const e = await this.dataSource.getRepository(Enterprise).findOne({ where: { id }, relations: { industryChain: true }, withDeleted: true });
    if (!e) throw notFound('enterprise');
    return toEnterpriseView(e);
  }

  /** For other modules: a live (not archived, not merged) enterprise, or 404. */
  async findLive(id: string, em: EntityManager = this.dataSource.manager): Promise<Enterprise> {
    const e = await em.getRepository(Enterprise).findOneBy({ id });
    if (!e || e.mergedIntoId) throw notFound('enterprise');
    return e;
  }

  async create(actor: AuthUser, dto: CreateEnterpriseDto): Promise<EnterpriseView> {
    const id = await this.write(async (em) => {
      const fields = await this.prepare(em, actor, dto);
      const enterprise = em.getRepository(Enterprise).create({
        ...fields,
        name: dto.name,
        createdById: actor.id,
      } as Partial<Enterprise>);
      await em.getRepository(Enterprise).save(enterprise);
      await this.audit.record(em, actor, { action: 'create', entity: 'enterprise', entityId: enterprise.id, after: auditSnapshot(enterprise) });
      return enterprise.id;
    }, { creditCode: dto.creditCode ? normalizeUscc(dto.creditCode) : null, normalizedName: normalizeEnterpriseName(dto.name) });
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateEnterpriseDto): Promise<EnterpriseView> {
    await this.write(async (em) => {
      const repo = em.getRepository(Enterprise);
      const enterprise = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!enterprise || enterprise.mergedIntoId) throw notFound('enterprise');
      const before = auditSnapshot(enterprise);
      const fields = await this.prepare(em, actor, { ...dto, name: dto.name ?? enterprise.name, shortName: dto.shortName === undefined ? enterprise.shortName : dto.shortName }, enterprise);
      Object.assign(enterprise, fields);
      await repo.save(enterprise);
      await this.audit.record(em, actor, { action: 'update', entity: 'enterprise', entityId: id, before, after: auditSnapshot(enterprise) });
    });
    return this.get(id);
  }

  async archive(actor: AuthUser, id: string): Promise<EnterpriseView> {
    await this.dataSource.transaction(async (em) => {
      const enterprise = await this.findLive(id, em);
      await em.getRepository(Enterprise).softDelete({ id });
      await this.audit.record(em, actor, { action: 'archive', entity: 'enterprise', entityId: enterprise.id, before: { archivedAt: null }, after: { archivedAt: new Date() } });
    });
    return this.get(id);
  }

  async restore(actor: AuthUser, id: string): Promise<EnterpriseView> {
    await this.dataSource.transaction(async (em) => {
      const enterprise = await em.getRepository(Enterprise).findOne({ where: { id }, withDeleted: true });
      if (!enterprise || enterprise.mergedIntoId) throw notFound('enterprise');
      await em.getRepository(Enterprise).restore({ id });
      await this.audit.record(em, actor, { action: 'restore', entity: 'enterprise', entityId: id, before: { archivedAt: enterprise.archivedAt }, after: { archivedAt: null } });
    });
    return this.get(id);
  }

  /**
   * Merges `sourceId` into `survivorId` (admin): contacts, interactions, leads follow the
   * survivor; the survivor keeps its own values and takes the source's where it has none.
   * Two live leads left on one industry chain are refused (409 MERGE_LEAD_CONFLICT) unless
   * `leadConflicts` says how to settle them (see LeadsService's merge step).
   */
  async merge(actor: AuthUser, survivorId: string, sourceId: string, leadConflicts?: LeadConflictResolution): Promise<EnterpriseView> {
    if (survivorId === sourceId) throw enterpriseErrors('MERGE_SELF', [{ field: 'sourceId', message: '不能把企业合并到它自己' }]);
    await this.write(async (em) => {
      const repo = em.getRepository(Enterprise);
      // Lock both rows in a fixed order so two opposite merges cannot deadlock.
      const [first, second] = [survivorId, sourceId].sort();
      await this.repository.lockInIdOrder(em, [first, second]);
      const survivor = await repo.findOne({ where: { id: survivorId }, withDeleted: true });
      const source = await repo.findOne({ where: { id: sourceId }, withDeleted: true });
      if (!survivor || survivor.mergedIntoId) throw notFound('enterprise');
      if (!source || source.mergedIntoId) throw notFound('enterprise');
      if (survivor.creditCode && source.creditCode && survivor.creditCode !== source.creditCode) {
        throw enterpriseErrors('MERGE_CONFLICT', { survivorCreditCode: survivor.creditCode, sourceCreditCode: source.creditCode });
      }
      const before = auditSnapshot(survivor);
      await repo.update({ id: source.id }, { mergedIntoId: survivor.id, archivedAt: source.archivedAt ?? new Date() });
      await em.getRepository(EnterpriseContact).update({ enterpriseId: source.id }, { enterpriseId: survivor.id });
      await this.mergeRegistry.run(em, source.id, survivor.id, { actor, leadConflicts });
      survivor.creditCode ??= source.creditCode;
      if (survivor.creditCode === source.creditCode) survivor.creditCodeChecksumOverridden ||= source.creditCodeChecksumOverridden;
      survivor.shortName ??= source.shortName;
      survivor.industryChainId ??= source.industryChainId;
      survivor.hqProvince ??= source.hqProvince;
      survivor.hqCity ??= source.hqCity;
      survivor.foundedOn ??= source.foundedOn;
      survivor.notes = [survivor.notes, source.notes].filter(Boolean).join('\n') || null;
      survivor.tags = [...new Set([...survivor.tags, ...source.tags])];
      Object.assign(survivor, searchFields(survivor.name, survivor.shortName));
      await repo.save(survivor);
      await this.audit.record(em, actor, { action: 'merge', entity: 'enterprise', entityId: survivor.id, before, after: { ...auditSnapshot(survivor), mergedFromId: source.id } });
      await this.audit.record(em, actor, { action: 'merged-into', entity: 'enterprise', entityId: source.id, before: { mergedIntoId: null }, after: { mergedIntoId: survivor.id } });
    });
    return this.get(survivorId);
  }

  /** The live enterprise a record with this code or name would duplicate, if any. */
  async findDuplicate(
    em: EntityManager,
    probe: { creditCode?: string | null; normalizedName: string },
    exceptId?: string,
  ): Promise<DuplicateMatch | null> {
    const live = await this.repository.notMergedByKey(em, probe, exceptId);
    if (live) return { existingId: live.enterprise.id, existingName: live.enterprise.name, matchedOn: live.matchedOn };
    return this.findMergedAway(em, probe, exceptId);
  }

  /**
   * A company merged into another, added again under its old code or name: the duplicate is the
   * survivor it was merged into (followed through later merges), not a reason for a new record.
   */
  private async findMergedAway(em: EntityManager, probe: { creditCode?: string | null; normalizedName: string }, exceptId?: string): Promise<DuplicateMatch | null> {
    const row = await this.repository.mergedAwaySurvivor(em, probe, exceptId);
    return row ? { existingId: row.id, existingName: row.name, matchedOn: row.matched, mergedFromId: row.merged_from } : null;
  }

  /** Validates and derives the stored fields of a create or update. */
  private async prepare(
    em: EntityManager,
    actor: AuthUser,
    dto: UpdateEnterpriseDto & { name: string },
    existing?: Enterprise,
  ): Promise<Partial<Enterprise>> {
    const fields: Partial<Enterprise> = { name: dto.name };
    const normalizedName = normalizeEnterpriseName(dto.name);
    fields.normalizedName = normalizedName;
    Object.assign(fields, searchFields(dto.name, dto.shortName ?? null));
    if (dto.shortName !== undefined) fields.shortName = dto.shortName;
    let creditCode = existing?.creditCode ?? null;
    // Resending the stored code (edit forms send every field) is no change: an overridden code stays accepted.
    const unchanged = existing !== undefined && typeof dto.creditCode === 'string' && normalizeUscc(dto.creditCode) === existing.creditCode;
    if (dto.creditCode !== undefined && !unchanged) {
      const checked = validateCreditCode(dto.creditCode, actor, dto.overrideChecksum === true);
      creditCode = checked.code;
      fields.creditCode = checked.code;
      fields.creditCodeChecksumOverridden = checked.overridden;
    }
    if (dto.industryChainId !== undefined) {
      if (dto.industryChainId) await this.chains.resolveActive([dto.industryChainId], 'industryChainId', em);
      fields.industryChainId = dto.industryChainId;
      fields.industryChain = undefined;
    }
    for (const key of ['hqProvince', 'hqCity', 'foundedOn', 'notes'] as const) {
      if (dto[key] !== undefined) fields[key] = dto[key] ?? null;
    }
    if (dto.tags !== undefined) fields.tags = dto.tags;
    const duplicate = await this.findDuplicate(em, { creditCode, normalizedName }, existing?.id);
    if (duplicate) throw duplicateError(duplicate);
    return fields;
  }

  private async write<T>(work: (em: EntityManager) => Promise<T>, probe?: { creditCode: string | null; normalizedName: string }): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      // A concurrent insert won the race past findDuplicate: it has committed, so name it when we can.
      if (isUniqueViolation(err, 'uq_enterprises_credit_code') || isUniqueViolation(err, 'uq_enterprises_normalized_name')) {
        const winner = probe ? await this.findDuplicate(this.dataSource.manager, probe) : null;
        throw winner ? duplicateError(winner) : enterpriseErrors('ENTERPRISE_DUPLICATE');
      }
      throw err;
    }
  }
}

/** Checks a credit code; a bad checksum passes only when an admin overrides it. */
export function validateCreditCode(input: string | null, actor: AuthUser | null, override: boolean): { code: string | null; overridden: boolean } {
  if (input === null || input.trim() === '') return { code: null, overridden: false };
  const check = checkUscc(input);
  if (check.ok) return { code: check.code, overridden: false };
  if (check.reason === 'format') {
    throw enterpriseErrors('CREDIT_CODE_FORMAT', [{ field: 'creditCode', message: `「${check.code}」不是 18 位合法字符的信用代码` }]);
  }
  if (!override) {
    throw enterpriseErrors('CREDIT_CODE_CHECKSUM', [{ field: 'creditCode', message: `校验位应为 ${check.expected}，实际为 ${check.code[17]}` }]);
  }
  if (actor?.role !== Role.Admin) throw enterpriseErrors('CHECKSUM_OVERRIDE_ADMIN_ONLY', [{ field: 'overrideChecksum', message: '只有管理员可以强制保存' }]);
  return { code: check.code, overridden: true };
}

export function duplicateError(d: DuplicateMatch) {
  const what = d.matchedOn === 'creditCode' ? '信用代码相同' : '名称相同';
  const merged = d.mergedFromId ? '，原企业已合并至此' : '';
  return enterpriseErrors('ENTERPRISE_DUPLICATE', { ...d }, `企业已存在（${what}${merged}）：${d.existingName}`);
}

export type EnterpriseSearch = Pick<Enterprise, 'searchText' | 'searchGrams' | 'pinyin'>;

export function searchFields(name: string, shortName: string | null): EnterpriseSearch {
  return {
    searchText: [searchText(name), shortName ? searchText(shortName) : ''].join('|'),
    searchGrams: searchGrams(name, shortName),
    pinyin: pinyinKeys(name, shortName),
  };
}

const auditSnapshot = enterpriseSnapshot;
