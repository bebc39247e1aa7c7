import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { CreateSigningDto, CreateSigningEventDto, SigningEventQuery, SigningEventView, SigningView, UpdateSigningEventDto } from './dto/signing.dto';
import { SigningEventsService } from './signing-events.service';
import { SigningsService } from './signings.service';
import { ApiPage } from '../common/pagination/api-page';

@ApiTags('leads 招商线索')
@ApiBearerAuth()
@Controller('leads/:id')
export class LeadSigningsController {
  constructor(private readonly signings: SigningsService) {}

  @Post('signings')
  @ApiOperation({ summary: '登记签约：首次签约使线索进入已签约；补充签约（kind=supplement）只计增加的金额' })
  @ApiCreatedResponse({ type: SigningView })
  create(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: CreateSigningDto) {
    return this.signings.create(actor, id, dto);
  }

  @Get('signings')
  @ApiOkResponse({ type: [SigningView] })
  list(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.signings.listForLead(actor, id);
  }
}

@ApiTags('signing-events 签约活动')
@ApiBearerAuth()
@Controller('signing-events')
export class SigningEventsController {
  constructor(
    private readonly events: SigningEventsService,
    private readonly signings: SigningsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '签约活动及其签约项目数和精确总额' })
  @ApiPage(SigningEventView)
  list(@Query() query: SigningEventQuery) {
    return this.events.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: SigningEventView })
  get(@IdParam() id: string) {
    return this.events.get(id);
  }

  @Get(':id/signings')
  @ApiOperation({ summary: '活动中我能看到的签约' })
  @ApiOkResponse({ type: [SigningView] })
  signingsOf(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.signings.listForEvent(actor, id);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiCreatedResponse({ type: SigningEventView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateSigningEventDto) {
    return this.events.create(actor, dto);
  }

  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOkResponse({ type: SigningEventView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateSigningEventDto) {
    return this.events.update(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.events.remove(actor, id);
  }
}
