import { Column, DeleteDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';
import { Enterprise } from './enterprise.entity';

/** 联系人: a person at an enterprise whom teams meet. */
@Entity('enterprise_contacts')
export class EnterpriseContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_enterprise_contacts_enterprise_id')
  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enterprise_id' })
  enterprise?: Enterprise;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** 职务. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  title: string | null;

  /** 手机. */
  @Column({ type: 'varchar', length: 11, nullable: true })
  mobile: string | null;

  /** 座机, e.g. 0475-8888888-123. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  landline: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  wechat: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  notes: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz', precision: 3 })
  archivedAt: Date | null;
}
