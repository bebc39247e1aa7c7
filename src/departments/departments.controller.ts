import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentQuery, DepartmentView, UpdateDepartmentDto } from './dto/department.dto';

@ApiTags('departments 责任部门')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: '责任部门列表（按区划、名称排序）；默认只列启用的' })
  @ApiOkResponse({ type: [DepartmentView] })
  list(@Query() query: DepartmentQuery): Promise<DepartmentView[]> {
    return this.departments.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: DepartmentView })
  get(@IdParam() id: string): Promise<DepartmentView> {
    return this.departments.get(id);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiOperation({ summary: '新建责任部门（管理员）' })
  @ApiCreatedResponse({ type: DepartmentView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.create(actor, dto);
  }

  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOperation({ summary: '修改责任部门：名称、区划、分管领导、启用（管理员）' })
  @ApiOkResponse({ type: DepartmentView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateDepartmentDto): Promise<DepartmentView> {
    return this.departments.update(actor, id, dto);
  }
}
