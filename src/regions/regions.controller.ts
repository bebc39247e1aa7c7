import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam, OptionalUuidQuery } from '../common/http/id-param';
import { CreateRegionDto, RegionQuery, RegionTreeNode, RegionView, UpdateRegionDto } from './dto/region.dto';
import { RegionsService } from './regions.service';
import { ApiPage } from '../common/pagination/api-page';


@ApiTags('regions 行政区划')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOperation({ summary: '区域列表（可按上级、层级、名称筛选）' })
  @ApiPage(RegionView)
  list(@Query() query: RegionQuery) {
    return this.regions.list(query);
  }

  @Get('tree')
  @ApiOperation({ summary: '区域树；rootId 给出时只返回该单位及其下级' })
  @ApiQuery({ name: 'rootId', required: false })
  @ApiOkResponse({ type: [RegionTreeNode] })
  tree(@OptionalUuidQuery('rootId') rootId?: string) {
    return this.regions.tree(rootId);
  }

  @Get(':id')
  @ApiOkResponse({ type: RegionView })
  get(@IdParam() id: string) {
    return this.regions.get(id);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiCreatedResponse({ type: RegionView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateRegionDto) {
    return this.regions.create(actor, dto);
  }

  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOperation({ summary: '修改区域；改 parentId 即整棵子树迁移' })
  @ApiOkResponse({ type: RegionView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateRegionDto) {
    return this.regions.update(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.regions.remove(actor, id);
  }
}
