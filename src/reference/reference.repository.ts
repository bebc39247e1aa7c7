import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget, SelectQueryBuilder } from 'typeorm';
import { ReferenceItem } from './entities/reference-item';

/** The reference lists' tables (industry chains, source regions), one entity class each. */
@Injectable()
export class ReferenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A list's items (only active ones unless asked), as a query the caller pages. */
  items<T extends ReferenceItem>(target: EntityTarget<T>, includeInactive: boolean): SelectQueryBuilder<T> {
    const qb = this.dataSource.getRepository(target).createQueryBuilder('x');
    if (!includeInactive) qb.where('x.is_active');
    return qb;
  }
}
