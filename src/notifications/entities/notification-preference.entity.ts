import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel, NotificationKind } from './notification-kind';

/** The channels a user wants a kind of notification on; in-app is always on. */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind: NotificationKind;

  @Column({ type: 'varchar', array: true, default: () => "'{in_app}'" })
  channels: Channel[];
}
