import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Notification } from './entities/notification.entity';
import { NotificationKind } from './entities/notification-kind';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';

/** What a notification says, whoever receives it. */
export interface NotificationContent {
  kind: NotificationKind;
  title: string;
  body: string;
  link?: { type: string; id: string };
  dedupeKey: string;
}

/** Notifications, their outside deliveries and the webhook endpoints they go to. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** When each of these dedupe keys was first notified (to anyone), per key; keys never notified are absent. */
  async firstNotified(dedupeKeys: string[]): Promise<Array<{ dedupe_key: string; at: Date }>> {
    return this.dataSource.query(
      `SELECT dedupe_key, min(created_at) AS at FROM notifications WHERE dedupe_key = ANY($1::text[]) GROUP BY dedupe_key`,
      [dedupeKeys],
    );
  }

  /** Stores the notification for each user who has none under its dedupe key yet; returns those created. */
  async insertForUsers(em: EntityManager, userIds: string[], input: NotificationContent): Promise<Array<{ id: string; user_id: string }>> {
    return em.query(
      `INSERT INTO notifications (user_id, recipient_key, kind, title, body, link_type, link_id, dedupe_key)
       SELECT u, 'u:' || u, $2, $3, $4, $5, $6, $7 FROM unnest($1::uuid[]) AS u
       ON CONFLICT (recipient_key, dedupe_key) DO NOTHING
       RETURNING id, user_id`,
      [userIds, input.kind, input.title, input.body, input.link?.type ?? null, input.link?.id ?? null, input.dedupeKey],
    );
  }

  /** Stores the notification for the team unless it has one under this dedupe key; returns the id created, if any. */
  async insertForTeam(em: EntityManager, teamId: string, input: NotificationContent): Promise<string | undefined> {
    // $1 is used as a uuid and as text: each use is cast, or PostgreSQL cannot deduce one type for it.
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO notifications (team_id, recipient_key, kind, title, body, link_type, link_id, dedupe_key)
       VALUES ($1::uuid, 't:' || $1::text, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (recipient_key, dedupe_key) DO NOTHING RETURNING id`,
      [teamId, input.kind, input.title, input.body, input.link?.type ?? null, input.link?.id ?? null, input.dedupeKey],
    );
    return rows[0]?.id;
  }

  /** The active webhook endpoints of these users. */
  activeUserWebhooks(em: EntityManager, userIds: string[]): Promise<Array<{ id: string; user_id: string }>> {
    return em.query('SELECT id, user_id FROM webhook_endpoints WHERE is_active AND user_id = ANY($1)', [userIds]);
  }

  /** The active webhook endpoints of a team. */
  activeTeamWebhooks(em: EntityManager, teamId: string): Promise<Array<{ id: string }>> {
    return em.query('SELECT id FROM webhook_endpoints WHERE is_active AND team_id = $1', [teamId]);
  }

  /** Whether the user has an active webhook endpoint of their own. */
  async hasActiveWebhook(userId: string): Promise<boolean> {
    const hooks: unknown[] = await this.dataSource.query('SELECT 1 FROM webhook_endpoints WHERE user_id = $1 AND is_active', [userId]);
    return hooks.length > 0;
  }

  /** A user's notifications (only unread ones if asked), as a query the caller pages. */
  ofUser(userId: string, unreadOnly: boolean): SelectQueryBuilder<Notification> {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :me', { me: userId });
    if (unreadOnly) qb.andWhere('n.read_at IS NULL');
    return qb;
  }

  /** Every team's webhook endpoint, oldest first. */
  teamWebhooks(): Promise<WebhookEndpoint[]> {
    return this.dataSource.getRepository(WebhookEndpoint).createQueryBuilder('w').where('w.team_id IS NOT NULL').orderBy('w.created_at').getMany();
  }

  /** The endpoint with its signing secret; null if unknown. */
  webhookWithSecret(id: string): Promise<WebhookEndpoint | null> {
    return this.dataSource.getRepository(WebhookEndpoint).createQueryBuilder('w').addSelect('w.secret').where('w.id = :id', { id }).getOne();
  }

  /** Makes the delivery row of (notification, channel, target) if there is none yet. */
  async ensureDelivery(notificationId: string, channel: string, target: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_deliveries (notification_id, channel, target) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [notificationId, channel, target],
    );
  }
}
