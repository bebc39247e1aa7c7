import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UpdatedAt } from '../../common/entity-columns';

/**
 * The unpublished ranking preview (试算排名) of one period, 数据截至 and level, as computed on one
 * version of the figures (MetricsService.figuresVersion): shared by every API process, so the
 * second of 3,000 teams it takes to compute is spent once per version — by the worker right
 * after the refresh — not once per process. A cache: a row of another version is ignored.
 */
@Entity('ranking_previews')
export class RankingPreviewEntry {
  /** RankingsService's key of the preview: series (period, level, region level) and 数据截至. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** The figures' version it was computed on. */
  @Column({ type: 'varchar', length: 200 })
  version: string;

  /** The preview as the API sends it (RankingResultView), gzipped and brotli-compressed. */
  @Column({ type: 'text' })
  json: string;

  @Column({ type: 'bytea' })
  gzip: Buffer;

  @Column({ type: 'bytea' })
  br: Buffer;

  @UpdatedAt()
  computedAt: Date;
}
