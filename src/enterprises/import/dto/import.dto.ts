import { ApiProperty } from '@nestjs/swagger';
import { ImportReportBaseView } from '../../../common/spreadsheet/import.dto';

export { ImportIssueView, ImportQuery } from '../../../common/spreadsheet/import.dto';

export class ImportReportView extends ImportReportBaseView {
  @ApiProperty({ description: '新建企业的行数' }) override created: number;
  @ApiProperty({ description: '为已有企业（或文件中前面的同一企业）补充了空白字段的行数' }) override updated: number;
  @ApiProperty({ description: '企业信息已齐全、没有改动的行数' }) override unchanged: number;
  @ApiProperty() contactsCreated: number;
}
