import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, AuditWrite } from '../../common/audit/audit.service';
import { AuthUser } from '../../common/auth/auth-user';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { DivisionAction, DivisionCounts, DivisionImportDto, DivisionImportReport, DivisionLevelCounts, DivisionView } from '../dto/division.dto';
import { REGION_LEVEL_ORDER, RegionLevel, RegionUnit } from '../entities/region-unit.entity';
import { regionErrors } from '../regions.errors';
import { RegionsRepository } from '../regions.repository';
import { Division, DivisionCatalogue } from './division-catalogue';
import { DivisionLevels, planDivisionImport } from './division-plan';

const KEEP_REASON = '已有业务数据（线索、项目、招商队、目标等），保持不变';

const view = (d: Division): DivisionView => ({ code: d.code, name: d.name });

/**
 * Sets up a city's region tree from the official division list: an admin picks a province and
 * a city; its 县/乡 (and optionally 村) units are created with their codes, matched to units
 * already there, or left alone when records already point at them. Dry run by default; a second
 * run creates nothing.
 */
@Injectable()
export class DivisionImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: RegionsRepository,
    private readonly catalogue: DivisionCatalogue,
  ) {}

  provinces(): DivisionView[] {
    return this.catalogue.provinces().map(view);
  }

  cities(provinceCode: string): DivisionView[] {
    if (!this.catalogue.province(provinceCode)) throw regionErrors('DIVISION_NOT_FOUND', [{ field: 'provinceCode', message: `行政区划目录中没有代码为 ${provinceCode} 的省份` }]);
    return this.catalogue.cities(provinceCode).map(view);
  }

  async import(actor: AuthUser, dto: DivisionImportDto): Promise<DivisionImportReport> {
    const province = this.catalogue.province(dto.provinceCode);
    if (!province) throw regionErrors('DIVISION_NOT_FOUND', [{ field: 'provinceCode', message: `行政区划目录中没有代码为 ${dto.provinceCode} 的省份` }]);
    const city = this.catalogue.city(dto.cityCode);
    if (!city || city.parentCode !== province.code) {
      throw regionErrors('DIVISION_NOT_FOUND', [{ field: 'cityCode', message: `${province.name}下没有代码为 ${dto.cityCode} 的城市` }]);
    }
    const includeVillages = dto.includeVillages ?? false;
    const dryRun = dto.dryRun ?? true;
    const levels: DivisionLevels = [
      [RegionLevel.City, [{ ...city, parentCode: '' }]],
      [RegionLevel.County, this.catalogue.counties(city.code)],
      [RegionLevel.Township, this.catalogue.townships(city.code)],
    ];
    if (includeVillages) levels.push([RegionLevel.Village, await this.catalogue.villages(city.code)]);

    try {
      return await this.dataSource.transaction(async (em) => {
        await this.repository.lockForImport(em);
        const existing = await em.getRepository(RegionUnit).find({ select: { id: true, name: true, level: true, code: true, parentId: true, path: true } });
        const plan = planDivisionImport(levels, existing, randomUUID);
        const matched = plan.items.filter((i) => i.action === DivisionAction.Match).map((i) => i.regionId as string);
        const carrying = await this.repository.carryingData(em, matched);
        for (const item of plan.items) {
          if (item.action === DivisionAction.Match && carrying.has(item.regionId as string)) {
            item.action = DivisionAction.Keep;
            item.fillsCode = false;
            item.reason = KEEP_REASON;
          }
        }
        const fills = plan.items.filter((i) => i.action === DivisionAction.Match && i.fillsCode);
        const cityItem = plan.items[0];
        let cityRegionId = cityItem?.action === DivisionAction.Conflict ? null : (cityItem?.regionId ?? null);

        if (!dryRun) {
          await this.repository.insertMany(em, plan.creates);
          for (const f of fills) await em.getRepository(RegionUnit).update({ id: f.regionId as string }, { code: f.code });
          const writes: AuditWrite[] = [
            ...plan.creates.map((u) => ({ action: 'create', entity: 'region', entityId: u.id, after: { id: u.id, name: u.name, level: u.level, code: u.code, parentId: u.parentId, sortOrder: u.sortOrder } })),
            ...fills.map((f) => ({ action: 'update', entity: 'region', entityId: f.regionId as string, before: { code: null }, after: { code: f.code } })),
          ];
          if (writes.length > 0) await this.audit.recordMany(em, actor, writes);
          if (cityItem?.action === DivisionAction.Create) cityRegionId = plan.creates[0]?.id ?? null;
        }
        // Created units carry their new id in the report only once written.
        const createdIds = new Map(plan.creates.map((u) => [u.code, u.id]));
        if (!dryRun) for (const item of plan.items) if (item.action === DivisionAction.Create) item.regionId = createdIds.get(item.code) ?? null;

        return {
          province: view(province),
          city: view(city),
          dryRun,
          includeVillages,
          cityRegionId,
          totals: counts(plan.items),
          byLevel: REGION_LEVEL_ORDER.filter((l) => levels.some(([lv]) => lv === l)).map((level) => ({ level, ...counts(plan.items.filter((i) => i.level === level)) }) as DivisionLevelCounts),
          items: plan.items,
        };
      });
    } catch (err) {
      // A unit added by hand between the plan and the write; the import is all or nothing, so trying again is safe.
      if (isUniqueViolation(err)) throw regionErrors('REGION_CODE_TAKEN', undefined, '导入期间区域树被修改，请重新预览后再导入');
      throw err;
    }
  }
}

function counts(items: { action: DivisionAction }[]): DivisionCounts {
  const c: DivisionCounts = { create: 0, match: 0, keep: 0, conflict: 0 };
  for (const i of items) c[i.action] += 1;
  return c;
}
