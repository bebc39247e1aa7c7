import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { EnterpriseQuery } from './dto/enterprise.dto';
import { Enterprise } from './entities/enterprise.entity';
import { applySearch } from './enterprise-search.read-model';

/** A merged-away enterprise matched by code or name, and the live survivor it lives on as. */
export interface MergedAwayMatch {
  id: string;
  name: string;
  matched: 'creditCode' | 'name';
  merged_from: string;
}

/** The enterprises table (contacts are plain entity persistence in ContactsService). */
@Injectable()
export class EnterprisesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Live enterprises matching the list's filters, with their chain, unpaged. */
  filtered(query: Omit<EnterpriseQuery, 'cursor' | 'limit'>): SelectQueryBuilder<Enterprise> {
    const qb = this.live();
    if (query.q) applySearch(qb, query.q);
    if (query.industryChainId) qb.andWhere('e.industry_chain_id = :chainId', { chainId: query.industryChainId });
    if (query.hqProvince) qb.andWhere('e.hq_province = :province', { province: query.hqProvince });
    if (query.tag) qb.andWhere(':tag = ANY(e.tags)', { tag: query.tag });
    return qb;
  }

  /** The next `size` enterprises matching the filters, oldest first, after `last` (null: from the start). */
  batchAfter(filter: Omit<EnterpriseQuery, 'cursor' | 'limit'>, last: Enterprise | null, size: number): Promise<Enterprise[]> {
    const qb = this.filtered(filter);
    if (last) qb.andWhere('(e.created_at, e.id) > (:afterAt, :afterId)', { afterAt: last.createdAt, afterId: last.id });
    return qb.orderBy('e.createdAt', 'ASC').addOrderBy('e.id', 'ASC').limit(size).getMany();
  }

  /** Live enterprises (not merged away; archived ones are soft-deleted) with their chain. */
  private live(): SelectQueryBuilder<Enterprise> {
    return this.dataSource.getRepository(Enterprise).createQueryBuilder('e').leftJoinAndSelect('e.industryChain', 'chain').where('e.merged_into_id IS NULL');
  }

  /** Locks the enterprises until the transaction ends, in id order (so two opposite merges cannot deadlock). */
  async lockInIdOrder(em: EntityManager, ids: string[]): Promise<void> {
    await em.query('SELECT id FROM enterprises WHERE id = ANY($1) ORDER BY id FOR UPDATE', [ids]);
  }

  /**
   * The enterprise not merged away (archived included) other than `exceptId` with this credit
   * code, else with this normalised name; which of the two matched.
   */
  async notMergedByKey(
    em: EntityManager,
    probe: { creditCode?: string | null; normalizedName: string },
    exceptId?: string,
  ): Promise<{ enterprise: Enterprise; matchedOn: 'creditCode' | 'name' } | null> {
    const qb = em.getRepository(Enterprise).createQueryBuilder('e').withDeleted().where('e.merged_into_id IS NULL');
    if (exceptId) qb.andWhere('e.id <> :exceptId', { exceptId });
    const byCode = probe.creditCode ? await qb.clone().andWhere('e.credit_code = :code', { code: probe.creditCode }).getOne() : null;
    if (byCode) return { enterprise: byCode, matchedOn: 'creditCode' };
    const byName = await qb.clone().andWhere('e.normalized_name = :n', { n: probe.normalizedName }).getOne();
    if (byName) return { enterprise: byName, matchedOn: 'name' };
    return null;
  }

  /**
   * An enterprise merged away with this code (preferred) or name, and the live survivor it was
   * merged into, followed through later merges (other than `exceptId`); undefined if none.
   */
  async mergedAwaySurvivor(em: EntityManager, probe: { creditCode?: string | null; normalizedName: string }, exceptId?: string): Promise<MergedAwayMatch | undefined> {
    const rows: MergedAwayMatch[] = await em.query(
      `WITH RECURSIVE start AS (
         SELECT e.id, e.merged_into_id, CASE WHEN e.credit_code = $1 THEN 'creditCode' ELSE 'name' END AS matched
           FROM enterprises e
          WHERE e.merged_into_id IS NOT NULL AND (e.credit_code = $1 OR e.normalized_name = $2)
          ORDER BY (e.credit_code = $1) DESC NULLS LAST LIMIT 1),
       chain AS (
         SELECT s.merged_into_id AS id, 1 AS depth FROM start s
         UNION ALL
         SELECT e.merged_into_id, c.depth + 1 FROM chain c JOIN enterprises e ON e.id = c.id WHERE e.merged_into_id IS NOT NULL AND c.depth < 50)
       SELECT e.id, e.name, s.matched, s.id AS merged_from
         FROM chain c JOIN enterprises e ON e.id = c.id CROSS JOIN start s
        WHERE e.merged_into_id IS NULL AND ($3::uuid IS NULL OR e.id <> $3)
        LIMIT 1`,
      [probe.creditCode ?? null, probe.normalizedName, exceptId ?? null],
    );
    return rows[0];
  }
}
