import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { ContactView, CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { CreateEnterpriseDto, EnterpriseQuery, EnterpriseView, MergeEnterpriseDto, UpdateEnterpriseDto } from './dto/enterprise.dto';
import { ContactsService } from './contacts.service';
import { EnterprisesService } from './enterprises.service';
import { ApiPage } from '../common/pagination/api-page';

@ApiTags('enterprises 企业库')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get()
  @ApiOperation({ summary: '查找企业：名称/简称片段、信用代码；按产业链、总部省份、标签筛选' })
  @ApiPage(EnterpriseView)
  list(@Query() query: EnterpriseQuery) {
    return this.enterprises.list(query);
  }

  @Post()
  @ApiOperation({ summary: '新增企业（同信用代码或同规范化名称的企业已存在时返回 409 和已有企业 id）' })
  @ApiCreatedResponse({ type: EnterpriseView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateEnterpriseDto) {
    return this.enterprises.create(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: EnterpriseView })
  get(@IdParam() id: string) {
    return this.enterprises.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: EnterpriseView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateEnterpriseDto) {
    return this.enterprises.update(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/archive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '归档企业（保留历史，不再出现在查找中）' })
  @ApiOkResponse({ type: EnterpriseView })
  archive(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.enterprises.archive(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/restore')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: EnterpriseView })
  restore(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.enterprises.restore(actor, id);
  }

  @Roles(Role.Admin)
  @Post(':id/merge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '合并企业：sourceId 的联系人、对接记录、线索归入本企业，sourceId 标记为已合并；两企业在同一产业链各有在跟线索时返回 409 MERGE_LEAD_CONFLICT，需以 leadConflicts 指定处理方式' })
  @ApiOkResponse({ type: EnterpriseView })
  merge(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: MergeEnterpriseDto) {
    return this.enterprises.merge(actor, id, dto.sourceId, dto.leadConflicts);
  }
}

@ApiTags('enterprises 企业库')
@ApiBearerAuth()
@Controller('enterprises/:enterpriseId/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOkResponse({ type: [ContactView] })
  list(@IdParam('enterpriseId') enterpriseId: string) {
    return this.contacts.list(enterpriseId);
  }

  @Post()
  @ApiCreatedResponse({ type: ContactView })
  create(@CurrentUser() actor: AuthUser, @IdParam('enterpriseId') enterpriseId: string, @Body() dto: CreateContactDto) {
    return this.contacts.create(actor, enterpriseId, dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ContactView })
  update(@CurrentUser() actor: AuthUser, @IdParam('enterpriseId') enterpriseId: string, @IdParam() id: string, @Body() dto: UpdateContactDto) {
    return this.contacts.update(actor, enterpriseId, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async archive(@CurrentUser() actor: AuthUser, @IdParam('enterpriseId') enterpriseId: string, @IdParam() id: string): Promise<void> {
    await this.contacts.archive(actor, enterpriseId, id);
  }
}
