import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { ApiPage } from '../common/pagination/api-page';
import { CarriersService } from './carriers.service';
import {
  CarrierQuery,
  CarrierView,
  CreateCarrierDto,
  CreatePromotedProjectDto,
  FairExportQuery,
  PromotedProjectQuery,
  PromotedProjectView,
  UpdateCarrierDto,
  UpdatePromotedProjectDto,
} from './dto/carrier.dto';

@ApiTags('carriers 载体')
@ApiBearerAuth()
@Controller('carriers')
export class CarriersController {
  constructor(private readonly carriers: CarriersService) {}

  @Get()
  @ApiOperation({ summary: '载体（园区、土地、标准化厂房）列表：所有登录用户可读；可按类型、区域（含下级）、状态、主导产业、所在园区筛选' })
  @ApiPage(CarrierView)
  list(@CurrentUser() actor: AuthUser, @Query() query: CarrierQuery) {
    return this.carriers.listCarriers(actor, query);
  }

  // Before ':id', which would read "xlsx" as an id.
  @Get('xlsx')
  @ApiOperation({ summary: '下载招商推介会资料（.xlsx）：载体、推介项目各一张表；可按区域（含下级）、产业链筛选，默认不含已落地；每次导出记入审计日志（entity=carriers-export）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@CurrentUser() actor: AuthUser, @Query() query: FairExportQuery, @Res() res: Response): Promise<void> {
    await this.carriers.fairXlsx(actor, query, res);
  }

  @Get(':id')
  @ApiOkResponse({ type: CarrierView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.carriers.getCarrier(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post()
  @ApiOperation({ summary: '新增载体：管理员，或所在区域的管理者' })
  @ApiCreatedResponse({ type: CarrierView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateCarrierDto) {
    return this.carriers.createCarrier(actor, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Patch(':id')
  @ApiOkResponse({ type: CarrierView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateCarrierDto) {
    return this.carriers.updateCarrier(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: '已删除；仍被线索或园区内的载体引用时 409' })
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.carriers.removeCarrier(actor, id);
  }
}

@ApiTags('promoted-projects 推介项目')
@ApiBearerAuth()
@Controller('promoted-projects')
export class PromotedProjectsController {
  constructor(private readonly carriers: CarriersService) {}

  @Get()
  @ApiOperation({ summary: '推介项目列表：所有登录用户可读；可按区域（含下级）、产业链、状态筛选' })
  @ApiPage(PromotedProjectView)
  list(@CurrentUser() actor: AuthUser, @Query() query: PromotedProjectQuery) {
    return this.carriers.listPromotedProjects(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: PromotedProjectView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.carriers.getPromotedProject(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post()
  @ApiOperation({ summary: '新增推介项目：管理员，或拟建地区域的管理者' })
  @ApiCreatedResponse({ type: PromotedProjectView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreatePromotedProjectDto) {
    return this.carriers.createPromotedProject(actor, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Patch(':id')
  @ApiOkResponse({ type: PromotedProjectView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdatePromotedProjectDto) {
    return this.carriers.updatePromotedProject(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: '已删除；仍被线索引用时 409' })
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.carriers.removePromotedProject(actor, id);
  }
}
