import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { commonErrors, notFound } from '../common/errors/app-error';
import { AccessRepository } from '../access/access.repository';
import { CreatedWebhookView, CreateWebhookDto, toWebhookView, WebhookViewDto } from './dto/notification.dto';
import { WebhookEndpoint, WebhookFormat } from './entities/webhook-endpoint.entity';
import { notificationErrors } from './notifications.errors';
import { NotificationsRepository } from './notifications.repository';
import { WebhookTargetPolicy, WebhookTargetRefused } from './webhook-target';

/** Webhook endpoints of users (their own) and teams (set by whoever manages the team). */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessRepository,
    private readonly audit: AuditService,
    private readonly targets: WebhookTargetPolicy,
    private readonly repository: NotificationsRepository,
  ) {}

  async list(actor: AuthUser): Promise<WebhookViewDto[]> {
    const rows = await this.dataSource.getRepository(WebhookEndpoint).find({ where: { userId: actor.id }, order: { createdAt: 'ASC' } });
    const teamRows = await this.repository.teamWebhooks();
    const manageable = [];
    for (const w of teamRows) if (await this.scope.canManageTeam(actor, w.teamId as string)) manageable.push(w);
    return [...rows, ...manageable].map(toWebhookView);
  }

  /** Creates an endpoint; the response carries the signing secret this once. */
  async create(actor: AuthUser, dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    if (dto.teamId && !(await this.scope.canManageTeam(actor, dto.teamId))) throw notFound('team');
    await this.checkTarget(dto.url);
    const secret = randomBytes(24).toString('base64url');
    return this.dataSource.transaction(async (em) => {
      const saved = await em.getRepository(WebhookEndpoint).save(
        em.getRepository(WebhookEndpoint).create({ url: dto.url, format: dto.format ?? WebhookFormat.Json, secret, userId: dto.teamId ? null : actor.id, teamId: dto.teamId ?? null }),
      );
      await this.audit.record(em, actor, { action: 'create', entity: 'webhook', entityId: saved.id, after: { url: dto.url, teamId: saved.teamId, format: saved.format } });
      return { ...toWebhookView(saved), secret };
    });
  }

  /** 400 naming `url` for a URL that is not one, or a target webhooks may not reach. */
  private async checkTarget(url: string): Promise<void> {
    try {
      await this.targets.checkRegistration(url);
    } catch (err) {
      if (!(err instanceof WebhookTargetRefused)) throw err;
      const details = [{ field: 'url', message: `url ${err.reason}` }];
      if (err.kind === 'form') throw commonErrors('VALIDATION_FAILED', details);
      throw notificationErrors('WEBHOOK_TARGET_FORBIDDEN', details, `Webhook 地址不可用：${err.reason}`);
    }
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const hook = await em.getRepository(WebhookEndpoint).findOneBy({ id });
      const mine = hook && (hook.userId === actor.id || (hook.teamId && (await this.scope.canManageTeam(actor, hook.teamId))));
      if (!hook || !mine) throw notFound('webhook');
      await em.getRepository(WebhookEndpoint).delete({ id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'webhook', entityId: id, before: { url: hook.url, teamId: hook.teamId } });
    });
  }
}
