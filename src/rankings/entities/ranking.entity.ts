import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import type { PaceConvention, PeriodType } from '../../common/time/period';
import type { Metric } from '../../metrics/metric';
import type { MetricProgress } from '../../targets/progress';
import type { ScoreBreakdown, ScoringFormula } from '../scoring';

/** One ranked team or unit as a published ranking keeps it: rank, score and progress per metric. */
export interface RankingRow {
  rank: number;
  assignee: { type: 'team' | 'unit'; id: string; name: string };
  score: ScoreBreakdown;
  metrics: MetricProgress[];
}

/** One figure a correction changed: a unit's rank, its score, or one metric's target or counted figure (完成). */
export interface RankingChangeItem {
  what: 'rank' | 'score' | 'target' | 'actual';
  /** The metric, for `target` and `actual`. */
  metric?: Metric;
  label: string;
  /** null: the unit was not in that version. */
  before: string | null;
  after: string | null;
}

/** What a correction changed for one ranked unit. */
export interface RankingChange {
  assignee: { type: 'team' | 'unit'; id: string; name: string };
  changes: RankingChangeItem[];
}

/**
 * A published ranking (通报排名): the figures as circulated, kept unchanged for the record. A 通报
 * is one version of a series — the same period and level (and region level); a correction is a
 * new version that names the one it corrects, says why and lists what changed; the corrected
 * version stays readable, marked superseded.
 */
@Entity('rankings')
@Index('ix_rankings_period', ['year', 'periodType', 'quarter'])
@Index('uq_rankings_series_version', ['seriesKey', 'version'], { unique: true })
@Index('uq_rankings_series_current', ['seriesKey'], { unique: true, where: 'superseded_by_id IS NULL' })
export class Ranking {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 8 })
  periodType: PeriodType;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'smallint', default: 0 })
  quarter: number;

  /** 1 上半年 / 2 下半年; 0 otherwise. */
  @Column({ type: 'smallint', default: 0 })
  half: number;

  /** N of 1–N月; 0 otherwise. */
  @Column({ type: 'smallint', default: 0 })
  month: number;

  /** A range's first and last month (YYYY-MM). */
  @Column({ type: 'varchar', length: 7, nullable: true })
  rangeFrom: string | null;

  @Column({ type: 'varchar', length: 7, nullable: true })
  rangeTo: string | null;

  /** The series the 通报 belongs to: period, level and region level (`ytd:2022:10|unit|county`). */
  @Column({ type: 'varchar', length: 80 })
  seriesKey: string;

  /** Region level ranked (level unit), null for teams. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  regionLevel: string | null;

  /** 数据截至: figures of the months up to this date's month. */
  @Column({ type: 'date' })
  dataAsOf: string;

  /** How 序时进度 was read (config/reporting.json pace.bulletin when published). */
  @Column({ type: 'varchar', length: 8 })
  paceConvention: PaceConvention;

  /** 1 for the first publication of the series, then one more per correction. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** The version this one corrects. */
  @Index('ix_rankings_correction_of_id')
  @ManyToOne(() => Ranking, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'correction_of_id' })
  correctionOf?: Ranking;

  @Column({ type: 'uuid', nullable: true })
  correctionOfId: string | null;

  /** Why it was corrected (更正说明). */
  @Column({ type: 'text', nullable: true })
  correctionNote: string | null;

  /** What changed against the corrected version, per unit (null for a first version). */
  @Column({ type: 'jsonb', nullable: true })
  changes: RankingChange[] | null;

  /** The version that replaced this one; null while it is the current one. */
  @Column({ type: 'uuid', nullable: true })
  supersededById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  supersededAt: Date | null;

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
