import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { User } from '../../users/entities/user.entity';
import { Project } from './project.entity';

/** 资金来源: 市外省内, 省外, 境外. */
export enum FundsSource {
  OutOfCity = 'out_of_city',
  OutOfProvince = 'out_of_province',
  Overseas = 'overseas',
}

export const FUNDS_SOURCES: readonly FundsSource[] = Object.values(FundsSource);

export const FUNDS_SOURCE_LABELS: Record<FundsSource, string> = {
  [FundsSource.OutOfCity]: '市外省内',
  [FundsSource.OutOfProvince]: '省外',
  [FundsSource.Overseas]: '境外',
};

/**
 * 实际到位资金: money actually in place for a project in a month (the 1st of the month), by
 * source and whether it is fixed-asset investment (固定资产投资) — reported apart from 完成投资.
 * A month's rows are replaced together; the cumulative is always their sum, never stored.
 */
@Entity('project_monthly_funds')
@Unique('uq_project_monthly_funds_row', ['projectId', 'month', 'source', 'fixedAsset'])
@Check('ck_project_monthly_funds_month', 'EXTRACT(DAY FROM month) = 1')
@Check('ck_project_monthly_funds_amount', 'amount >= 0')
export class ProjectMonthlyFunds {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** The month reported, as its first day. */
  @Column({ type: 'date' })
  month: string;

  @Column({ type: 'enum', enum: FundsSource, enumName: 'funds_source' })
  source: FundsSource;

  /** 固定资产投资. */
  @Column({ type: 'boolean' })
  fixedAsset: boolean;

  /** 到位资金 (万元). */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  amount: string;

  @Column({ type: 'uuid', nullable: true })
  reportedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reported_by_id' })
  reportedBy?: User | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
