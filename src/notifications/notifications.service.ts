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
    return (await this.notifyMany([{ userIds, input }], em))[0] as string[];
  }

  /**
   * Many notifications at once (a batch of reminders): one statement stores them all, with the
   * recipients' channels read beside; the outside deliveries go to the outbox in `em`, so in a
   * transaction a notification and its deliveries are written together or not at all. Returns,
   * per message, the ids created (none for duplicates), in its users' order.
   */
  async notifyMany(messages: Array<{ userIds: string[]; input: NotifyInput }>, em: EntityManager = this.dataSource.manager): Promise<string[][]> {
    const key = (userId: string, dedupeKey: string) => `${userId.toLowerCase()} ${dedupeKey}`;
    const seen = new Set<string>();
    const rows: Array<{ userId: string; content: NotifyInput }> = [];
    for (const m of messages) {
      for (const userId of m.userIds) {
        if (seen.has(key(userId, m.input.dedupeKey))) continue;
        seen.add(key(userId, m.input.dedupeKey));
        rows.push({ userId, content: m.input });
      }
    }
    // One order for every writer: concurrent batches then wait on the unique index rather than deadlock.
    rows.sort((a, b) => (key(a.userId, a.content.dedupeKey) < key(b.userId, b.content.dedupeKey) ? -1 : 1));
    const created = new Map((await this.repository.insertManyForUsers(em, rows)).map((r) => [key(r.user_id, r.dedupe_key), r]));
    const ids: string[][] = [];
    const delivered = new Set<string>();
    for (const m of messages) {
      const mine: string[] = [];
      for (const userId of m.userIds) {
        const row = created.get(key(userId, m.input.dedupeKey));
        if (!row || delivered.has(row.id)) continue;
        delivered.add(row.id);
        mine.push(row.id);
        const channels = row.channels ?? ['in_app'];
        if (channels.includes('webhook')) {
          for (const hook of row.webhooks) await this.deliver(em, row.id, 'webhook', hook);
        }
        if (channels.includes('email') && this.config.mail.smtpUrl) await this.deliver(em, row.id, 'email');
      }
      ids.push(mine);
    }
    return ids;
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
