import { queryBoolean } from '../../common/http/transforms';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { CHANNELS, Channel, NOTIFICATION_KIND_LABELS, NotificationKind } from '../entities/notification-kind';
import { Notification } from '../entities/notification.entity';
import { WebhookEndpoint, WebhookFormat } from '../entities/webhook-endpoint.entity';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '只看未读' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class PreferenceDto {
  @ApiProperty({ enum: CHANNELS, isArray: true, description: '站内（in_app）始终开启' })
  @IsArray()
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels: Channel[];
}

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' })
  // Judged by WebhookTargetPolicy with the same URL parser the delivery uses: two parsers
  // disagreeing about a host is how a check and a connection end up at different places.
  @IsString()
  @MaxLength(500)
  url: string;

  @ApiPropertyOptional({ enum: WebhookFormat, default: WebhookFormat.Json })
  @IsOptional()
  @IsEnum(WebhookFormat)
  format?: WebhookFormat;

  @ApiPropertyOptional({ description: '团队群机器人：招商队 id（分管该队的管理者或管理员）；不填则为本人' })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class NotificationView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NotificationKind }) kind: NotificationKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String }) linkType: string | null;
  @ApiProperty({ nullable: true, type: String }) linkId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

/** GET /notifications/unread-count */
export class UnreadCountView {
  @ApiProperty({ description: '未读通知数' }) count: number;
}

/** POST /notifications/read-all */
export class ReadAllView {
  @ApiProperty({ description: '本次标为已读的通知数' }) updated: number;
}

/** PUT /notifications/preferences/:kind */
export class PreferenceView {
  @ApiProperty({ enum: NotificationKind }) kind: NotificationKind;
  @ApiProperty({ enum: CHANNELS, isArray: true, description: '站内（in_app）始终开启' }) channels: Channel[];
}

/** GET /notifications/preferences: one row per kind of notification. */
export class PreferenceRowView extends PreferenceView {
  @ApiProperty({ example: '线索超过保护期' }) label: string;
}

/** A webhook endpoint; the secret is never shown again. */
export class WebhookViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WebhookFormat }) format: WebhookFormat;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '团队群机器人的招商队；个人的为 null' }) teamId: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

/** An endpoint as WebhookViewDto (never its secret). */
export const toWebhookView = (w: WebhookEndpoint): WebhookViewDto => ({ id: w.id, url: w.url, format: w.format, teamId: w.teamId, isActive: w.isActive, createdAt: w.createdAt });

/** POST /notifications/webhooks: the endpoint and its signing secret, shown this once. */
export class CreatedWebhookView extends WebhookViewDto {
  @ApiProperty({ description: '用于校验 X-CRM-Signature 的密钥，只显示这一次' }) secret: string;
}

/** A notification as NotificationView, with its kind's label. */
export const toNotificationView = (n: Notification): NotificationView => ({
  id: n.id,
  kind: n.kind,
  kindLabel: NOTIFICATION_KIND_LABELS[n.kind],
  title: n.title,
  body: n.body,
  linkType: n.linkType,
  linkId: n.linkId,
  readAt: n.readAt,
  createdAt: n.createdAt,
});
