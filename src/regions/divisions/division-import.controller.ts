import { Body, Controller, Get, HttpCode, HttpStatus, Param, PipeTransform, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { commonErrors } from '../../common/errors/app-error';
import { DivisionImportDto, DivisionImportReport, DivisionView } from '../dto/division.dto';
import { DivisionImportService } from './division-import.service';

/** A path parameter that must be a 6-digit province code (150000); anything else is a 400 naming it. */
const provinceCodePipe: PipeTransform<string, string> = {
  transform(value: string) {
    if (/^\d{2}0000$/.test(value)) return value;
    const message = '省份代码须为 6 位省级行政区划代码（如 150000）';
    throw commonErrors('VALIDATION_FAILED', [{ field: 'provinceCode', message }], `请求参数不合法：${message}`);
  },
};

@ApiTags('regions 行政区划')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('regions/divisions')
export class DivisionImportController {
  constructor(private readonly divisions: DivisionImportService) {}

  @Get('provinces')
  @ApiOperation({ summary: '行政区划目录：省份（导入区域用）' })
  @ApiOkResponse({ type: [DivisionView] })
  provinces(): DivisionView[] {
    return this.divisions.provinces();
  }

  @Get('provinces/:provinceCode/cities')
  @ApiOperation({ summary: '行政区划目录：某省的城市' })
  @ApiOkResponse({ type: [DivisionView] })
  cities(@Param('provinceCode', provinceCodePipe) provinceCode: string): DivisionView[] {
    return this.divisions.cities(provinceCode);
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '从行政区划目录导入一个市的旗县区、乡镇街道（可含村）；默认只预览（dryRun），可重复执行，不改动已有业务数据的单位' })
  @ApiOkResponse({ type: DivisionImportReport })
  import(@CurrentUser() actor: AuthUser, @Body() dto: DivisionImportDto): Promise<DivisionImportReport> {
    return this.divisions.import(actor, dto);
  }
}
