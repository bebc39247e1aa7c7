import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { Signing } from '../../signings/entities/signing.entity';
import { RolledUpSigningKind } from './project-enums';
import { Project } from './project.entity';

/**
 * The ledger of signings rolled up into the registry: one row per signing, ever. Its unique
 * signing_id is what makes a rollup exactly-once under retries and replays.
 */
@Entity('project_signings')
@Check('ck_project_signings_amount', 'amount > 0')
export class ProjectSigning {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_project_signings_project_id')
  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Index('uq_project_signings_signing_id', { unique: true })
  @Column({ type: 'uuid' })
  signingId: string;

  @ManyToOne(() => Signing, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signing_id' })
  signing?: Signing;

  @Column({ type: 'enum', enum: RolledUpSigningKind, enumName: 'project_signing_kind' })
  kind: RolledUpSigningKind;

  /** 签约金额 (万元) counted for the project; a supplement's added amount only. */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  amount: string;

  @Column({ type: 'date' })
  signedOn: string;

  /** When the rollup ran. */
  @CreatedAt()
  createdAt: Date;
}
