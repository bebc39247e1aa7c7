import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { CreateInteractionDto, InteractionQuery, InteractionView, PostponeFollowUpDto, UpdateInteractionDto } from './dto/interaction.dto';
import { InteractionsService } from './interactions.service';
import { ApiPage } from '../common/pagination/api-page';

@ApiTags('interactions 对接记录')
@ApiBearerAuth()
@Controller()
export class InteractionsController {
  constructor(private readonly interactions: InteractionsService) {}

  @Get('interactions')
  @ApiOperation({ summary: '对接记录（队员：本队；管理者：分管范围；管理员：全部），按时间倒序' })
  @ApiPage(InteractionView)
  list(@CurrentUser() actor: AuthUser, @Query() query: InteractionQuery) {
    return this.interactions.list(actor, query);
  }

  @Get('enterprises/:enterpriseId/interactions')
  @ApiOperation({ summary: '企业的对接时间线：我能看到的全部记录，最新在前' })
  @ApiPage(InteractionView)
  timeline(@CurrentUser() actor: AuthUser, @IdParam('enterpriseId') enterpriseId: string, @Query() query: InteractionQuery) {
    return this.interactions.list(actor, { ...query, enterpriseId });
  }

  @Post('interactions')
  @ApiOperation({ summary: '记录一次对接' })
  @ApiCreatedResponse({ type: InteractionView })
  @ApiBadRequestResponse({ description: 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM：走访人员（participantIds[i]）不是本队队员、分管本队的领导或管理员；INTERACTION_PARTICIPANT_INVALID：走访人员不存在或已停用' })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateInteractionDto) {
    return this.interactions.create(actor, dto);
  }

  @Get('interactions/:id')
  @ApiOkResponse({ type: InteractionView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：记录不存在或不在可见范围内' })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.interactions.get(actor, id);
  }

  @Patch('interactions/:id')
  @ApiOperation({ summary: '修改（记录人或分管领导）' })
  @ApiOkResponse({ type: InteractionView })
  @ApiBadRequestResponse({ description: 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM：走访人员（participantIds[i]）不是本队队员、分管本队的领导或管理员；INTERACTION_PARTICIPANT_INVALID：走访人员不存在或已停用' })
  @ApiForbiddenResponse({ description: 'INTERACTION_EDIT_FORBIDDEN：看得到但不是记录人，也不分管该队' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：记录不存在或不在可见范围内' })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateInteractionDto) {
    return this.interactions.update(actor, id, dto);
  }

  @Post('interactions/:id/follow-up-done')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '标记已跟进（不新增对接记录时；记录人、走访人员或分管领导）' })
  @ApiOkResponse({ type: InteractionView })
  @ApiForbiddenResponse({ description: 'INTERACTION_EDIT_FORBIDDEN：看得到但不是记录人，也不分管该队' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：记录不存在或不在可见范围内' })
  completeFollowUp(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.interactions.completeFollowUp(actor, id);
  }

  @Post('interactions/:id/follow-up-postpone')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '推迟跟进：把未完成的下次跟进改到新的日期，提醒随之改期（记录人、走访人员或分管领导）' })
  @ApiOkResponse({ type: InteractionView })
  @ApiBadRequestResponse({ description: 'FOLLOW_UP_IN_PAST：新日期早于今天；FOLLOW_UP_BEFORE_INTERACTION：早于本次对接日期' })
  @ApiForbiddenResponse({ description: 'INTERACTION_EDIT_FORBIDDEN：看得到但不是记录人或走访人员，也不分管该队' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：记录不存在或不在可见范围内' })
  @ApiConflictResponse({ description: 'FOLLOW_UP_NOT_OPEN：没有待办的跟进（未设日期或已完成）' })
  postponeFollowUp(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: PostponeFollowUpDto) {
    return this.interactions.postponeFollowUp(actor, id, dto);
  }

  @Delete('interactions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除（软删除，记录人或分管领导）' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiForbiddenResponse({ description: 'INTERACTION_EDIT_FORBIDDEN：看得到但不是记录人，也不分管该队' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：记录不存在或不在可见范围内' })
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.interactions.remove(actor, id);
  }
}
