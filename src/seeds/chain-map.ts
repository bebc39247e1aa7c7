import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChainMapService } from '../chain-map/chain-map.service';
import { CreateChainLinkDto, PlaceCompanyDto } from '../chain-map/dto/chain-map.dto';
import { ChainLinkCompany, ChainPlacement, CHAIN_PLACEMENTS } from '../chain-map/entities/chain-link-company.entity';
import { ChainLink, ChainSegment, CHAIN_SEGMENTS } from '../chain-map/entities/chain-link.entity';
import { AuthUser } from '../common/auth/auth-user';
import { ReferenceItem } from '../reference/entities/reference-item';
import { attempt, validate } from './write-through';

/** One chain's links as config/tongliao/chain-links.json lists them, companies by short name. */
export interface DemoChainLinks {
  chain: string;
  links: Array<{ segment: ChainSegment; name: string; keyProducts: string; companies: Array<{ enterprise: string; placement: ChainPlacement }> }>;
}

export type ChainMapSeedKind = 'chainLinks' | 'chainLinkCompanies';

/** Shape-checks chain-links.json; the service validates the values. */
export function parseDemoChainLinks(file: Record<string, unknown>, name: string): DemoChainLinks[] {
  const items = file.items;
  if (!Array.isArray(items)) throw new Error(`${name}: "items" must be an array`);
  return items.map((item: DemoChainLinks, i) => {
    const where = `${name}: items[${i}]`;
    if (typeof item?.chain !== 'string' || !Array.isArray(item.links)) throw new Error(`${where} needs a chain name and a links array`);
    for (const [j, l] of item.links.entries()) {
      if (!CHAIN_SEGMENTS.includes(l?.segment) || typeof l.name !== 'string' || !Array.isArray(l.companies)) throw new Error(`${where}.links[${j}] needs a segment, a name and a companies array`);
      for (const c of l.companies) if (typeof c?.enterprise !== 'string' || !CHAIN_PLACEMENTS.includes(c.placement)) throw new Error(`${where}.links[${j}] (${l.name}): each company needs an enterprise and a placement`);
    }
    return item;
  });
}

interface ChainMapSeedContext {
  admin: AuthUser;
  chains: ReadonlyMap<string, ReferenceItem>;
  /** Enterprise ids by short name (the pipeline seed's). */
  enterprises: ReadonlyMap<string, string>;
  counts: Record<ChainMapSeedKind, { created: number; existing: number }>;
  warn(line: string): void;
  log(line: string): void;
}

/**
 * 产业链图谱 of the demo: each of the nine chains' links and the companies on them, through the
 * chain map service (validated, audited). A link is found by chain and name, a placement by link
 * and company; what exists is left as it is.
 */
export class ChainMapSeed {
  private readonly ds: DataSource;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly ctx: ChainMapSeedContext,
  ) {
    this.ds = app.get(DataSource);
  }

  async run(config: readonly DemoChainLinks[]): Promise<void> {
    const service = this.app.get(ChainMapService);
    for (const item of config) {
      const chain = this.ctx.chains.get(item.chain);
      if (!chain) {
        this.ctx.warn(`产业链图谱：产业链「${item.chain}」不存在，跳过其链节`);
        continue;
      }
      for (const [i, def] of item.links.entries()) {
        let link = await this.ds.getRepository(ChainLink).findOneBy({ chainId: chain.id, name: def.name });
        if (link) this.ctx.counts.chainLinks.existing++;
        else {
          const dto = await validate(CreateChainLinkDto, { chainId: chain.id, segment: def.segment, name: def.name, keyProducts: def.keyProducts, sortOrder: i + 1 });
          const view = await attempt(`创建链节「${item.chain}·${def.name}」`, () => service.createLink(this.ctx.admin, dto));
          link = await this.ds.getRepository(ChainLink).findOneByOrFail({ id: view.id });
          this.ctx.counts.chainLinks.created++;
          this.ctx.log(`+ 链节 ${item.chain}·${def.name}`);
        }
        for (const c of def.companies) {
          const enterpriseId = this.ctx.enterprises.get(c.enterprise);
          if (!enterpriseId) {
            this.ctx.warn(`产业链图谱：企业「${c.enterprise}」不在演示企业中，未放上链节「${def.name}」`);
            continue;
          }
          if (await this.ds.getRepository(ChainLinkCompany).existsBy({ linkId: link.id, enterpriseId })) {
            this.ctx.counts.chainLinkCompanies.existing++;
            continue;
          }
          const dto = await validate(PlaceCompanyDto, { enterpriseId, placement: c.placement });
          await attempt(`在链节「${def.name}」放置企业「${c.enterprise}」`, () => service.place(this.ctx.admin, link.id, dto));
          this.ctx.counts.chainLinkCompanies.created++;
          this.ctx.log(`+ 链节企业 ${def.name}·${c.enterprise}`);
        }
      }
    }
  }
}
