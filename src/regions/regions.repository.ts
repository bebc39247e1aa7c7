import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { RegionLevel, RegionUnit } from './entities/region-unit.entity';

/**
 * The region tree's table. It keeps its own materialised paths here (a subtree listed, a
 * subtree re-rooted on a move); every other region-subtree question is src/access's.
 */
@Injectable()
export class RegionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Units matching the filter (`parentId` 'root': top-level units; `like`: an escaped LIKE pattern on name or code), as a query the caller pages. */
  matching(filter: { parentId?: string; level?: RegionLevel; like?: string }): SelectQueryBuilder<RegionUnit> {
    const qb = this.dataSource.getRepository(RegionUnit).createQueryBuilder('r');
    if (filter.parentId === 'root') qb.andWhere('r.parent_id IS NULL');
    else if (filter.parentId) qb.andWhere('r.parent_id = :parentId', { parentId: filter.parentId });
    if (filter.level) qb.andWhere('r.level = :level', { level: filter.level });
    if (filter.like !== undefined) {
      const like = filter.like;
      qb.andWhere(new Brackets((w) => w.where('r.name LIKE :like', { like }).orWhere('r.code LIKE :like')));
    }
    return qb;
  }

  /** Every unit, or those whose path matches `pathPrefix` (an escaped LIKE prefix pattern), in the order officials list them. */
  inTreeOrder(pathPrefix?: string): Promise<RegionUnit[]> {
    const qb = this.dataSource.getRepository(RegionUnit).createQueryBuilder('r').orderBy('r.sortOrder').addOrderBy('r.code').addOrderBy('r.name');
    if (pathPrefix !== undefined) qb.where('r.path LIKE :prefix', { prefix: pathPrefix });
    return qb.getMany();
  }

  /** The unit, locked until the transaction ends; null if unknown. */
  lockForUpdate(em: EntityManager, id: string): Promise<RegionUnit | null> {
    return em.getRepository(RegionUnit).createQueryBuilder('r').where('r.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /**
   * Re-roots, in one statement, every unit below a moved one (`oldPathLike`: its old path as an
   * escaped LIKE prefix pattern, `oldPathLength`: that path's length) under its new path.
   */
  async rerootSubtree(em: EntityManager, moved: { id: string; newPath: string; oldPathLike: string; oldPathLength: number }): Promise<void> {
    await em.query(`UPDATE region_units SET path = $1 || substr(path, $3) WHERE path LIKE $2 AND id <> $4`, [
      moved.newPath,
      moved.oldPathLike,
      moved.oldPathLength + 1,
      moved.id,
    ]);
  }

  /** Deletes the unit behind a savepoint, so a foreign-key refusal leaves the caller's transaction usable. */
  async delete(em: EntityManager, id: string): Promise<void> {
    await em.query('SAVEPOINT region_delete');
    await em.getRepository(RegionUnit).delete({ id });
  }

  /** Serialises division imports: two at once would both plan to create the same units. */
  async lockForImport(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('region_units.division_import'))`);
  }

  /**
   * The units among `ids` that other records point at (leads, projects, signings, teams, targets,
   * manager scopes … every foreign key to region_units but the tree's own parent link), found
   * from the catalogue so a table added later counts without a change here.
   */
  async carryingData(em: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const refs: { tbl: string; col: string }[] = await em.query(
      `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = 'region_units'::regclass AND array_length(c.conkey, 1) = 1
          AND NOT (c.conrelid = 'region_units'::regclass AND a.attname = 'parent_id')`,
    );
    if (refs.length === 0) return new Set();
    const quote = (name: string) => name.split('.').map((part) => `"${part.replace(/^"|"$/g, '').replace(/"/g, '""')}"`).join('.');
    const union = refs.map((r) => `SELECT ${quote(r.col)} AS id FROM ${quote(r.tbl)} WHERE ${quote(r.col)} = ANY($1::uuid[])`).join(' UNION ');
    const rows: { id: string }[] = await em.query(union, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Inserts new units, parents before children, in statements of at most 1 000 rows. */
  async insertMany(em: EntityManager, units: Partial<RegionUnit>[]): Promise<void> {
    for (let i = 0; i < units.length; i += 1000) await em.getRepository(RegionUnit).insert(units.slice(i, i + 1000));
  }
}
