import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { Interaction } from '../../interactions/entities/interaction.entity';
import { Project } from '../../projects/entities/project.entity';
import { User } from '../../users/entities/user.entity';

/** Where an attachment's bytes are. */
export enum AttachmentStorageKind {
  Disk = 'disk',
  S3 = 's3',
}

/**
 * A file on a record: a photo or document of one 对接记录 or one project (合同, 证照, 现场照片).
 * Exactly one of interactionId / projectId is set; the record's scope is the attachment's.
 * The bytes live in storage under `storageKey`; the row says what they are, as sniffed from them.
 */
@Entity('attachments')
@Check('ck_attachments_one_record', 'num_nonnulls(interaction_id, project_id) = 1')
@Index('ix_attachments_interaction', ['interactionId', 'createdAt'], { where: 'interaction_id IS NOT NULL' })
@Index('ix_attachments_project', ['projectId', 'createdAt'], { where: 'project_id IS NOT NULL' })
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  interactionId: string | null;

  @ManyToOne(() => Interaction, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'interaction_id' })
  interaction?: Interaction;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** The name the uploader's file had (shown and offered on download). */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** The type read from the file's first bytes, never the client's claim. */
  @Column({ type: 'varchar', length: 120 })
  contentType: string;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  /** Hex SHA-256 of the bytes. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 8 })
  storage: AttachmentStorageKind;

  @Column({ type: 'varchar', length: 300 })
  storageKey: string;

  /** 说明 (e.g. 现场照片, 投资协议扫描件). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  uploadedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id' })
  uploadedBy?: User;

  @CreatedAt()
  createdAt: Date;
}
