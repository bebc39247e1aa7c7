import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobName } from '../queue/jobs';
import { OutboxService } from '../queue/outbox.service';
import { NotificationQuery, NotificationView, PreferenceRowView, PreferenceView, ReadAllView, toNotificationView, UnreadCountView } from './dto/notification.dto';
import { Channel, CHANNELS, NOTIFICATION_KIND_LABELS, NotificationKind } from './entities/notification-kind';
import { NotificationPreference } from './entities/notification-preference.entity';
import { Notification } from './entities/notification.entity';
import { notificationErrors } from './notifications.errors';
import { NotificationContent, NotificationsRepository } from './notifications.repository';
import { UsersService } from '../users/users.service';

export interface NotifyInput extends NotificationContent {
  /** Same key, same recipient: one notification, however often it is sent. */
  dedupeKey: string;
}

/** Notifications: stored in the app, and handed to the outbox for the outside channels each user chose. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly repository: NotificationsRepository,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** When each of these dedupe keys was first notified (to anyone); keys never notified are absent. */
  async firstNotified(dedupeKeys: string[]): Promise<Map<string, Date>> {
    if (dedupeKeys.length === 0) return new Map();
    const rows = await this.repository.firstNotified(dedupeKeys);
    return new Map(rows.map((r) => [r.dedupe_key, r.at]));
  }

  /** Notifies users; returns the ids of notifications created (none for duplicates). */
  async notifyUsers(userIds: string[], input: NotifyInput, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return [];
    const rows = await this.repository.insertForUsers(em, unique, input);
    if (rows.length === 0) return [];
    const prefs = await em.getRepository(NotificationPreference).find({ where: rows.map((r) => ({ userId: r.user_id, kind: input.kind })) });
    const webhooks = await this.repository.activeUserWebhooks(em, rows.map((r) => r.user_id));
    for (const row of rows) {
      const channels = prefs.find((p) => p.userId === row.user_id)?.channels ?? ['in_app'];
      if (channels.includes('webhook')) {
        for (const hook of webhooks.filter((w) => w.user_id === row.user_id)) await this.deliver(em, row.id, 'webhook', hook.id);
      }
      if (channels.includes('email') && this.config.mail.smtpUrl) await this.deliver(em, row.id, 'email');
    }
    return rows.map((r) => r.id);
  }

  /** Sends a team-wide message to the team's webhooks (its group robot), once per dedupe key. */
  async notifyTeam(teamId: string, input: NotifyInput, em: EntityManager = this.dataSource.manager): Promise<string | null> {
    const id = await this.repository.insertForTeam(em, teamId, input);
    if (!id) return null;
    const hooks = await this.repository.activeTeamWebhooks(em, teamId);
    for (const hook of hooks) await this.deliver(em, id, 'webhook', hook.id);
    return id;
  }

  private async deliver(em: EntityManager, notificationId: string, channel: 'webhook' | 'email', targetId?: string): Promise<void> {
    // BullMQ refuses a custom id with a ':' unless it has exactly three parts.
    await this.outbox.add(em, JobName.DeliverNotification, { notificationId, channel, targetId }, { jobId: `deliver:${notificationId}:${channel}-${targetId ?? 'user'}` });
  }

  async list(actor: AuthUser, query: NotificationQuery): Promise<Page<NotificationView>> {
    const qb = this.repository.ofUser(actor.id, !!query.unread);
    const page = await paginate(qb, query, { alias: 'n', property: 'createdAt', column: 'created_at' });
    return mapPage(page, page.items.map(toNotificationView));
  }

  async unreadCount(actor: AuthUser): Promise<UnreadCountView> {
    return { count: await this.dataSource.getRepository(Notification).countBy({ userId: actor.id, readAt: IsNull() }) };
  }

  async markRead(actor: AuthUser, id: string): Promise<NotificationView> {
    const repo = this.dataSource.getRepository(Notification);
    const n = await repo.findOneBy({ id, userId: actor.id });
    if (!n) throw notFound('notification');
    if (!n.readAt) {
      n.readAt = new Date();
      await repo.update({ id }, { readAt: n.readAt });
    }
    return toNotificationView(n);
  }

  async markAllRead(actor: AuthUser): Promise<ReadAllView> {
    const result = await this.dataSource.getRepository(Notification).update({ userId: actor.id, readAt: IsNull() }, { readAt: new Date() });
    return { updated: result.affected ?? 0 };
  }

  async preferences(actor: AuthUser): Promise<PreferenceRowView[]> {
    const prefs = await this.dataSource.getRepository(NotificationPreference).findBy({ userId: actor.id });
    return Object.values(NotificationKind).map((kind) => ({
      kind,
      label: NOTIFICATION_KIND_LABELS[kind],
      channels: prefs.find((p) => p.kind === kind)?.channels ?? ['in_app'],
    }));
  }

  async setPreference(actor: AuthUser, kind: NotificationKind, channels: Channel[]): Promise<PreferenceView> {
    const wanted = CHANNELS.filter((c) => c === 'in_app' || channels.includes(c));
    if (wanted.includes('email')) {
      if (!this.config.mail.smtpUrl) throw notificationErrors('EMAIL_NOT_CONFIGURED', [{ field: 'channels', message: '系统未配置邮件服务' }]);
      if (!(await this.users.emailOf(actor.id))) throw notificationErrors('EMAIL_MISSING', [{ field: 'channels', message: '账号没有邮箱地址' }]);
    }
    if (wanted.includes('webhook')) {
      if (!(await this.repository.hasActiveWebhook(actor.id))) throw notificationErrors('WEBHOOK_MISSING', [{ field: 'channels', message: '请先添加 Webhook' }]);
    }
    await this.dataSource.getRepository(NotificationPreference).upsert({ userId: actor.id, kind, channels: wanted }, ['userId', 'kind']);
    return { kind, channels: wanted };
  }
}
