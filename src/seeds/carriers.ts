import { INestApplicationContext } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CarriersService } from '../carriers/carriers.service';
import { CreateCarrierDto, CreatePromotedProjectDto } from '../carriers/dto/carrier.dto';
import { AuthUser } from '../common/auth/auth-user';
import type { RegionUnit } from '../regions/entities/region-unit.entity';
import { attempt, validate } from './write-through';

export type CarrierSeedKind = 'carriers' | 'promotedProjects';

interface CarrierDef {
  kind: string;
  name: string;
  /** The county's GB/T 2260 code. */
  region: string;
  /** The park it lies in (a carrier of this file, listed before it). */
  parent?: string;
  chain?: string;
  area: string;
  areaUnit: string;
  availableArea?: string;
  price?: string;
  priceUnit?: string;
  availability?: string;
  conditions?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
}

interface PromotedDef {
  name: string;
  chain: string;
  region: string;
  totalInvestment: string;
  expectedOutputValue?: string;
  expectedReturn?: string;
  description?: string;
  contactName?: string;
  contactPhone?: string;
}

export interface CarriersSeedContext {
  admin: AuthUser;
  configDir: string;
  regions: Map<string, RegionUnit>;
  chains: Map<string, { id: string }>;
  counts: Record<CarrierSeedKind, { created: number; existing: number }>;
  warn: (line: string) => void;
  log: (line: string) => void;
}

/**
 * 载体与推介项目库 of the demo (config/tongliao/carriers.json): Tongliao's parks, parcels and
 * standard factories, and the projects the city promotes, written through CarriersService as
 * the admin. Idempotent: a record whose name exists is left as it is.
 */
export class CarriersSeed {
  private readonly ds: DataSource;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly ctx: CarriersSeedContext,
  ) {
    this.ds = app.get(DataSource);
  }

  async run(): Promise<void> {
    const file = join(this.ctx.configDir, 'carriers.json');
    if (!existsSync(file)) return;
    const data = JSON.parse(readFileSync(file, 'utf8')) as { carriers: CarrierDef[]; promotedProjects: PromotedDef[] };
    const service = this.app.get(CarriersService);
    const byName = new Map<string, string>();
    for (const def of data.carriers) {
      const [found] = (await this.ds.query('SELECT id FROM carriers WHERE name = $1 LIMIT 1', [def.name])) as Array<{ id: string }>;
      if (found) {
        byName.set(def.name, found.id);
        this.ctx.counts.carriers.existing++;
        continue;
      }
      const region = this.ctx.regions.get(def.region);
      if (!region) {
        this.ctx.warn(`载体「${def.name}」：区域 ${def.region} 不在演示区域中，跳过`);
        continue;
      }
      const { region: _r, parent, chain, ...rest } = def;
      const dto = await validate(CreateCarrierDto, {
        ...rest,
        regionUnitId: region.id,
        ...(parent ? { parentId: byName.get(parent) } : {}),
        ...(chain && this.ctx.chains.get(chain) ? { industryChainId: this.ctx.chains.get(chain)?.id } : {}),
      });
      const created = await attempt(`创建载体「${def.name}」`, () => service.createCarrier(this.ctx.admin, dto));
      byName.set(def.name, created.id);
      this.ctx.counts.carriers.created++;
      this.ctx.log(`+ 载体 ${created.kindLabel} ${created.name}`);
    }
    for (const def of data.promotedProjects) {
      const [found] = (await this.ds.query('SELECT id FROM promoted_projects WHERE name = $1 LIMIT 1', [def.name])) as Array<{ id: string }>;
      if (found) {
        this.ctx.counts.promotedProjects.existing++;
        continue;
      }
      const region = this.ctx.regions.get(def.region);
      const chain = this.ctx.chains.get(def.chain);
      if (!region || !chain) {
        this.ctx.warn(`推介项目「${def.name}」：区域 ${def.region} 或产业链「${def.chain}」不在演示数据中，跳过`);
        continue;
      }
      const { region: _r, chain: _c, ...rest } = def;
      const dto = await validate(CreatePromotedProjectDto, { ...rest, regionUnitId: region.id, industryChainId: chain.id });
      const created = await attempt(`创建推介项目「${def.name}」`, () => service.createPromotedProject(this.ctx.admin, dto));
      this.ctx.counts.promotedProjects.created++;
      this.ctx.log(`+ 推介项目 ${created.name}`);
    }
  }
}
