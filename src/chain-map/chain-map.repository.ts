import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The chain map's own writes that are not one row at a time. */
@Injectable()
export class ChainMapRepository {
  /**
   * A merged-away company's placements move to the company it lives on as; where that company is
   * already on the same link, the merged one's placement goes (one placement per link and company).
   */
  async moveOnMerge(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    await em.query(
      `DELETE FROM chain_link_companies f
        WHERE f.enterprise_id = $1
          AND EXISTS (SELECT 1 FROM chain_link_companies i WHERE i.link_id = f.link_id AND i.enterprise_id = $2)`,
      [fromId, intoId],
    );
    await em.query('UPDATE chain_link_companies SET enterprise_id = $2, updated_at = now() WHERE enterprise_id = $1', [fromId, intoId]);
  }
}
