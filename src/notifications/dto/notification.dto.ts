import { queryBoolean } from '../../common/http/transforms';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { CHANNELS, Channel, NotificationKind } from '../entities/notification-kind';
import { WebhookFormat } from '../entities/webhook-endpoint.entity';

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
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
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
