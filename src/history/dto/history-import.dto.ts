import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImportIssueView } from '../../enterprises/import/dto/import.dto';

export class HistoryImportReportView {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) fileType: string;
  @ApiPropertyOptional({ enum: ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'], description: 'CSV 的编码' }) encoding?: string;
  @ApiPropertyOptional({ description: '读取的工作表（第一个）' }) sheet?: string;
  @ApiPropertyOptional({ description: '表头所在行（导出的台账有标题行，表头不在第一行）' }) headerRow?: number;
  @ApiProperty({ description: '数据行数（不含表头、空行、合计行和表尾说明）' }) totalRows: number;
  @ApiProperty({ description: '新增的记录数' }) created: number;
  @ApiProperty({ description: '系统中已有、与文件一致的行数（按编号，或按自然键：线索为企业+招商队+线索名称，走访记录为企业+日期+招商队+对接方式+对接情况）' }) unchanged: number;
  @ApiProperty({ description: '有错误的行数' }) errorRows: number;
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [ImportIssueView], description: '前 1000 条错误' }) errors: ImportIssueView[];
  @ApiProperty() warningCount: number;
  @ApiProperty({ type: [ImportIssueView], description: '前 1000 条提醒' }) warnings: ImportIssueView[];
  @ApiProperty({ type: [String], description: '不认识、未导入的列' }) ignoredColumns: string[];
}
