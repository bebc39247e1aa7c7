import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import type { MetricProgress } from '../../targets/progress';
import type { ScoreBreakdown, ScoringFormula } from '../scoring';

/** One ranked team or unit as a published ranking keeps it: rank, score and progress per metric. */
export interface RankingRow {
  rank: number;
  assignee: { type: 'team' | 'unit'; id: string; name: string };
  score: ScoreBreakdown;
  metrics: MetricProgress[];
}

/** A published ranking (通报排名): the figures as circulated, kept unchanged for the record. */
@Entity('rankings')
@Index('ix_rankings_period', ['year', 'periodType', 'quarter'])
export class Ranking {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 8 })
  periodType: 'year' | 'quarter';

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'smallint', default: 0 })
  quarter: number;

  /** Ranked teams or region units. */
  @Column({ type: 'varchar', length: 8 })
  level: 'team' | 'unit';

  @Column({ type: 'jsonb' })
  formula: ScoringFormula;

  @Column({ type: 'jsonb' })
  rows: RankingRow[];

  /** 序时进度 on the day it was published, percent. */
  @Column({ type: 'varchar', length: 8 })
  timeElapsed: string;

  /** When the counted figures were recomputed before publishing. */
  @Column({ type: 'timestamptz', precision: 3 })
  asOf: Date;

  @Column({ type: 'uuid', nullable: true })
  publishedById: string | null;

  @CreatedAt()
  publishedAt: Date;
}
