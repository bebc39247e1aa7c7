import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countedSigning } from '../metrics/counting-rules.read-model';

/** The other domain's table the rollup reconciliation reads: the signings themselves. */
export const READS = ['signings'] as const;

/** Signings set against the registry's rollup ledger (a read model), for the queue reconciliation. */
@Injectable()
export class RollupLedgerReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Ids of counted signings (initial and supplements; 项目认定 — a pending or rejected one never
   * rolls up) with no entry in the ledger, after `after` in
   * id order, at most `limit`.
   */
  async signingsNotRolledUp(after: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT s.id FROM signings s
        WHERE s.id > $1 AND ${countedSigning('s')} AND NOT EXISTS (SELECT 1 FROM project_signings ps WHERE ps.signing_id = s.id)
        ORDER BY s.id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }
}
