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

/** A notification just stored, with what its delivery needs to know of its recipient. */
export interface CreatedNotificationRow {
  id: string;
  user_id: string;
  dedupe_key: string;
  /** The recipient's channels for this kind; null when they set none (in-app only). */
  channels: string[] | null;
  /** The recipient's active webhook endpoints, when their channels include webhook. */
  webhooks: string[];
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

  /**
   * Stores many notifications in one statement — each (user, content) pair unless that user
   * already has one under its dedupe key — and returns those created, each with the
   * recipient's channels for its kind (null: no preference, in-app only) and active webhooks.
   * Read in the same statement, preferences need no cache and are never stale.
   */
  async insertManyForUsers(em: EntityManager, rows: Array<{ userId: string; content: NotificationContent }>): Promise<CreatedNotificationRow[]> {
    if (rows.length === 0) return [];
    const col = <T>(pick: (r: { userId: string; content: NotificationContent }) => T) => rows.map(pick);
    return em.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::notification_kind[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[]) WITH ORDINALITY
                  AS x(user_id, kind, title, body, link_type, link_id, dedupe_key, ord)
       ), created AS (
         -- In the input's order (sorted by the caller), so concurrent batches take the unique index's locks alike.
         INSERT INTO notifications (user_id, recipient_key, kind, title, body, link_type, link_id, dedupe_key)
         SELECT user_id, 'u:' || user_id, kind, title, body, link_type, link_id, dedupe_key FROM input ORDER BY ord
         ON CONFLICT (recipient_key, dedupe_key) DO NOTHING
         RETURNING id, user_id, kind, dedupe_key
       )
       SELECT c.id, c.user_id, c.dedupe_key, p.channels,
              CASE WHEN 'webhook' = ANY (p.channels)
                   THEN COALESCE((SELECT array_agg(w.id ORDER BY w.created_at, w.id) FROM webhook_endpoints w WHERE w.is_active AND w.user_id = c.user_id), '{}')
                   ELSE '{}' END AS webhooks
         FROM created c LEFT JOIN notification_preferences p ON p.user_id = c.user_id AND p.kind = c.kind`,
      [
        col((r) => r.userId),
        col((r) => r.content.kind),
        col((r) => r.content.title),
        col((r) => r.content.body),
        col((r) => r.content.link?.type ?? null),
        col((r) => r.content.link?.id ?? null),
        col((r) => r.content.dedupeKey),
      ],
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
