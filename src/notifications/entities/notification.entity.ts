import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { NotificationKind } from './notification-kind';

/**
 * One message to one recipient: a user (shown in the app) or a team (sent only to the
 * team's webhook, e.g. a WeCom group robot). The dedupe key makes a reminder that fires
 * twice — a retried job, a replayed sweep — one notification.
 */
@Entity('notifications')
@Index('uq_notifications_dedupe', ['recipientKey', 'dedupeKey'], { unique: true })
@Index('ix_notifications_user_created', ['userId', 'createdAt'])
// Whether a reminder went out to anyone (the queue reconciliation asks by key alone).
@Index('ix_notifications_dedupe_key', ['dedupeKey'])
@Index('ix_notifications_unread', ['userId'], { where: 'read_at IS NULL AND user_id IS NOT NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  /** `u:<userId>` or `t:<teamId>`. */
  @Column({ type: 'varchar', length: 40 })
  recipientKey: string;

  @Column({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** What it is about, for a link in the app: ('lead', id), ('interaction', id) … */
  @Column({ type: 'varchar', length: 32, nullable: true })
  linkType: string | null;

  @Column({ type: 'uuid', nullable: true })
  linkId: string | null;

  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  @CreatedAt()
  createdAt: Date;
}
