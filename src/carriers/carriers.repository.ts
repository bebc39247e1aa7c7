import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { unitsAtOrBelow } from '../access/region-subtree.sql';
import { escapeLike } from '../common/sql/like';
import { CarrierQuery, FairExportQuery, PromotedProjectQuery } from './dto/carrier.dto';
import { CarrierAvailability, PromotedProjectStatus } from './entities/carrier-enums';
import { Carrier } from './entities/carrier.entity';
import { PromotedProject } from './entities/promoted-project.entity';

/** The carriers' and promoted projects' tables: lists with their names joined, locks, availability writes. */
@Injectable()
export class CarriersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Carriers matching the filters, with region, park and chain joined (alias `c`). */
  carriers(f: Omit<CarrierQuery, 'cursor' | 'limit'>, em: EntityManager = this.dataSource.manager): SelectQueryBuilder<Carrier> {
    const qb = em
      .getRepository(Carrier)
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.regionUnit', 'cr')
      .leftJoinAndSelect('c.parent', 'cp')
      .leftJoinAndSelect('c.industryChain', 'cc');
    if (f.kind) qb.andWhere('c.kind = :fKind', { fKind: f.kind });
    if (f.regionUnitId) qb.andWhere(`c.region_unit_id IN (${unitsAtOrBelow(':fRegion')})`, { fRegion: f.regionUnitId });
    if (f.availability) qb.andWhere('c.availability = :fAvailability', { fAvailability: f.availability });
    if (f.industryChainId) qb.andWhere('c.industry_chain_id = :fChain', { fChain: f.industryChainId });
    if (f.parentId) qb.andWhere('c.parent_id = :fParent', { fParent: f.parentId });
    if (f.q) qb.andWhere('c.name ILIKE :fQ', { fQ: `%${escapeLike(f.q)}%` });
    return qb;
  }

  /** Promoted projects matching the filters, with chain and region joined (alias `p`). */
  promotedProjects(f: Omit<PromotedProjectQuery, 'cursor' | 'limit'>, em: EntityManager = this.dataSource.manager): SelectQueryBuilder<PromotedProject> {
    const qb = em.getRepository(PromotedProject).createQueryBuilder('p').leftJoinAndSelect('p.industryChain', 'pc').leftJoinAndSelect('p.regionUnit', 'pr');
    if (f.regionUnitId) qb.andWhere(`p.region_unit_id IN (${unitsAtOrBelow(':fRegion')})`, { fRegion: f.regionUnitId });
    if (f.industryChainId) qb.andWhere('p.industry_chain_id = :fChain', { fChain: f.industryChainId });
    if (f.status) qb.andWhere('p.status = :fStatus', { fStatus: f.status });
    if (f.q) qb.andWhere('p.name ILIKE :fQ', { fQ: `%${escapeLike(f.q)}%` });
    return qb;
  }

  /**
   * What a 招商推介会 offers: carriers then projects of the region and chain, 已落地 left out unless
   * asked; parks first, then each park's parcels and factories, by region and name.
   */
  async fair(f: FairExportQuery): Promise<{ carriers: Carrier[]; projects: PromotedProject[] }> {
    const carriers = this.carriers({ regionUnitId: f.regionUnitId, industryChainId: f.industryChainId });
    const projects = this.promotedProjects({ regionUnitId: f.regionUnitId, industryChainId: f.industryChainId });
    if (!f.includeLanded) {
      carriers.andWhere('c.availability <> :landed', { landed: CarrierAvailability.Landed });
      projects.andWhere('p.status <> :landedP', { landedP: PromotedProjectStatus.Landed });
    }
    carriers
      .orderBy('cr.sort_order', 'ASC')
      .addOrderBy('cr.name', 'ASC')
      .addOrderBy("COALESCE(cp.name, c.name)", 'ASC')
      .addOrderBy('c.parent_id IS NOT NULL', 'ASC')
      .addOrderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC');
    projects.orderBy('pr.sort_order', 'ASC').addOrderBy('pr.name', 'ASC').addOrderBy('p.total_investment', 'DESC').addOrderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC');
    return { carriers: await carriers.getMany(), projects: await projects.getMany() };
  }

  lockCarrier(em: EntityManager, id: string): Promise<Carrier | null> {
    return em.getRepository(Carrier).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  lockPromotedProject(em: EntityManager, id: string): Promise<PromotedProject | null> {
    return em.getRepository(PromotedProject).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether any carrier lies in park `id`. */
  async hasChildren(em: EntityManager, id: string): Promise<boolean> {
    return em.getRepository(Carrier).existsBy({ parentId: id });
  }
}
