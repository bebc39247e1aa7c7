import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource, Not } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PermanentJobError } from '../queue/job-errors';
import { JobHandler } from '../queue/job-handler.decorator';
import { DeliverNotificationPayload, JobName } from '../queue/jobs';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NOTIFICATION_KIND_LABELS } from './entities/notification-kind';
import { Notification } from './entities/notification.entity';
import { WebhookEndpoint, WebhookFormat } from './entities/webhook-endpoint.entity';
import { NotificationsRepository } from './notifications.repository';
import { WebhookTargetPolicy, WebhookTargetRefused } from './webhook-target';
import { UsersService } from '../users/users.service';

const WEBHOOK_TIMEOUT_MS = 10_000;

/** Sends one notification on one outside channel, at most once per channel and target. */
@Injectable()
export class NotificationDeliveryJob {
  private mailer?: Transporter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly targets: WebhookTargetPolicy,
    private readonly repository: NotificationsRepository,
    private readonly users: UsersService,
  ) {}

  @JobHandler(JobName.DeliverNotification)
  async deliver(payload: DeliverNotificationPayload): Promise<string> {
    const notification = await this.dataSource.getRepository(Notification).findOneBy({ id: payload.notificationId });
    if (!notification) throw new PermanentJobError(`notification ${payload.notificationId} no longer exists`);
    const hook = payload.channel === 'webhook' ? await this.endpoint(payload.targetId) : null;
    const address = payload.channel === 'email' ? (await this.email(notification.userId)).address : null;
    const targetKey = hook ? hook.id : (address as string);
    await this.repository.ensureDelivery(notification.id, payload.channel, targetKey);
    const delivery = (await this.dataSource.getRepository(NotificationDelivery).findOneBy({ notificationId: notification.id, channel: payload.channel, target: targetKey })) as NotificationDelivery;
    // A retried or replayed job must not send twice what already went out. A failed delivery's
    // job runs again only when an admin retries it: then it is sent again.
    if (delivery.status === 'delivered') return 'already delivered';
    try {
      if (hook) await this.postWebhook(hook, notification, delivery.id);
      else await this.sendEmail(address as string, notification);
    } catch (err) {
      const permanent = err instanceof PermanentJobError;
      // Unless delivered meanwhile: a worker that lost the job (stalled, taken over) must not undo another's delivery.
      await this.dataSource.getRepository(NotificationDelivery).update(
        { id: delivery.id, status: Not('delivered') },
        { attempts: delivery.attempts + 1, lastError: String((err as Error).message).slice(0, 2000), status: permanent ? 'failed' : 'pending' },
      );
      throw err;
    }
    await this.dataSource.getRepository(NotificationDelivery).update({ id: delivery.id }, { status: 'delivered', deliveredAt: new Date(), attempts: delivery.attempts + 1, lastError: null });
    return 'delivered';
  }

  private async endpoint(id?: string): Promise<WebhookEndpoint> {
    if (!id) throw new PermanentJobError('webhook delivery without an endpoint');
    const hook = await this.repository.webhookWithSecret(id);
    if (!hook || !hook.isActive) throw new PermanentJobError(`webhook ${id} removed or disabled`);
    return hook;
  }

  private async email(userId: string | null): Promise<{ address: string }> {
    if (!this.config.mail.smtpUrl) throw new PermanentJobError('SMTP is not configured');
    const email = userId ? await this.users.emailOf(userId) : null;
    if (!email) throw new PermanentJobError('recipient has no e-mail address');
    return { address: email };
  }

  private async postWebhook(hook: WebhookEndpoint, n: Notification, deliveryId: string): Promise<void> {
    const link = n.linkType && n.linkId ? `${this.config.publicUrl}/${n.linkType}s/${n.linkId}` : null;
    const text = `**${n.title}**\n\n${n.body}${link ? `\n\n[查看详情](${link})` : ''}`;
    const body = JSON.stringify(
      hook.format === WebhookFormat.WeCom
        ? { msgtype: 'markdown', markdown: { content: text } }
        : hook.format === WebhookFormat.DingTalk
          ? { msgtype: 'markdown', markdown: { title: n.title, text } }
          : { id: n.id, deliveryId, kind: n.kind, kindLabel: NOTIFICATION_KIND_LABELS[n.kind], title: n.title, body: n.body, link, createdAt: n.createdAt },
    );
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = createHmac('sha256', hook.secret).update(`${timestamp}.${body}`).digest('hex');
    const status = await this.post(hook.url, body, {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'zhaoshang-crm-webhook/1',
      'X-CRM-Event': n.kind,
      'X-CRM-Delivery': deliveryId,
      'X-CRM-Timestamp': timestamp,
      'X-CRM-Signature': `sha256=${signature}`,
      'Idempotency-Key': deliveryId,
    });
    if (status >= 200 && status < 300) return;
    // A redirect is not followed (it could lead anywhere); like a 4xx, retrying cannot help.
    if (status >= 300 && status < 400) throw new PermanentJobError(`webhook answered ${status}; redirects are not followed`);
    // 4xx says the request itself is wrong (bad URL, revoked key): retrying cannot help.
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      throw new PermanentJobError(`webhook answered ${status}`);
    }
    throw new Error(`webhook answered ${status}`);
  }

  /**
   * POSTs to the URL if WebhookTargetPolicy still allows it, connecting to exactly the address
   * it checked (its `lookup`), and answers the status; the answer's body is read and dropped.
   * A target no longer allowed (DNS changed, configuration tightened) fails for good.
   */
  private async post(rawUrl: string, body: string, headers: Record<string, string>): Promise<number> {
    let url: URL;
    try {
      url = this.targets.checkUrl(rawUrl);
    } catch (err) {
      throw refused(err);
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      return await new Promise<number>((resolve, reject) => {
        const req = send(url, {
          method: 'POST',
          headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
          lookup: this.targets.lookupFor(),
          agent: false,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        req.on('response', (res: IncomingMessage) => {
          res.on('error', () => undefined);
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    } catch (err) {
      if (err instanceof WebhookTargetRefused) throw refused(err);
      throw new Error(`webhook unreachable: ${(err as Error).message}`, { cause: err });
    }
  }

  private async sendEmail(to: string, n: Notification): Promise<void> {
    this.mailer ??= createTransport(this.config.mail.smtpUrl as string);
    await this.mailer.sendMail({
      from: this.config.mail.from,
      to,
      subject: `[招商引资CRM] ${n.title}`,
      text: n.body,
      headers: { 'X-CRM-Notification': n.id },
      messageId: `<${n.id}.${randomUUID()}@zhaoshang-crm>`,
    });
  }
}

function refused(err: unknown): Error {
  if (err instanceof WebhookTargetRefused) return new PermanentJobError(`webhook target refused: ${err.reason}`);
  return err as Error;
}
