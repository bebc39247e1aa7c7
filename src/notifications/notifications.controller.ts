import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseEnumPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, DepartmentReachable } from '../common/auth/decorators';
import { commonErrors } from '../common/errors/app-error';
import { IdParam } from '../common/http/id-param';
import { CreatedWebhookView, CreateWebhookDto, NotificationQuery, NotificationView, PreferenceDto, PreferenceRowView, PreferenceView, ReadAllView, UnreadCountView, WebhookViewDto } from './dto/notification.dto';
import { NotificationKind } from './entities/notification-kind';
import { NotificationsService } from './notifications.service';
import { WebhooksService } from './webhooks.service';
import { ApiPage } from '../common/pagination/api-page';

const kindParam = new ParseEnumPipe(NotificationKind, {
  exceptionFactory: () => commonErrors('VALIDATION_FAILED', [{ field: 'kind', message: 'kind 不是已知的通知类型' }]),
});

@ApiTags('notifications 通知')
@ApiBearerAuth()
@DepartmentReachable()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
  ) {}

  @Get()
  @ApiOperation({ summary: '我的通知，最新在前' })
  @ApiPage(NotificationView)
  list(@CurrentUser() actor: AuthUser, @Query() query: NotificationQuery) {
    return this.notifications.list(actor, query);
  }

  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountView })
  unreadCount(@CurrentUser() actor: AuthUser) {
    return this.notifications.unreadCount(actor);
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReadAllView })
  markAllRead(@CurrentUser() actor: AuthUser) {
    return this.notifications.markAllRead(actor);
  }

  @Get('preferences')
  @ApiOperation({ summary: '各类通知的接收渠道' })
  @ApiOkResponse({ type: [PreferenceRowView] })
  preferences(@CurrentUser() actor: AuthUser) {
    return this.notifications.preferences(actor);
  }

  // The enum's values, not the enum, as the parameter's type: for an imported enum swc emits the
  // enum object as design metadata, and the global ValidationPipe then refuses the plain string.
  @Put('preferences/:kind')
  @ApiOkResponse({ type: PreferenceView })
  setPreference(@CurrentUser() actor: AuthUser, @Param('kind', kindParam) kind: `${NotificationKind}`, @Body() dto: PreferenceDto) {
    return this.notifications.setPreference(actor, kind as NotificationKind, dto.channels);
  }

  @Get('webhooks')
  @ApiOperation({ summary: '我的和我分管的招商队的 Webhook（企业微信/钉钉群机器人或自有系统）' })
  @ApiOkResponse({ type: [WebhookViewDto] })
  listWebhooks(@CurrentUser() actor: AuthUser) {
    return this.webhooks.list(actor);
  }

  @Post('webhooks')
  @ApiOperation({ summary: '添加 Webhook；返回的 secret 只显示这一次，用于校验 X-CRM-Signature' })
  @ApiCreatedResponse({ type: CreatedWebhookView })
  createWebhook(@CurrentUser() actor: AuthUser, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Delete('webhooks/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async removeWebhook(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: NotificationView })
  markRead(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.notifications.markRead(actor, id);
  }
}
