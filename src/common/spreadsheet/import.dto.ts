import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { queryBoolean } from '../http/transforms';

/** `?dryRun=` of every import endpoint. */
export class ImportQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'true',
    description: 'true（默认）：只校验并返回报告，不写入；false：整份文件校验无误后正式导入，有错误行则一行也不导入（422）',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportIssueView {
  @ApiPropertyOptional({ description: 'Excel 中看到的行号' }) row?: number;
  @ApiPropertyOptional({ description: '列名（文件中的表头）' }) column?: string;
  @ApiProperty() message: string;
}

/** The report every import answers (ImportReportBase); an import's view adds its own counts. */
export class ImportReportBaseView {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) fileType: string;
  @ApiPropertyOptional({ enum: ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'], description: 'CSV 的编码' }) encoding?: string;
  @ApiPropertyOptional({ description: '读取的工作表（第一个）' }) sheet?: string;
  @ApiProperty({ description: '数据行数（不含表头、空行和合计行）' }) totalRows: number;
  @ApiProperty({ description: '新建记录的行数' }) created: number;
  @ApiProperty({ description: '修改了已有记录的行数' }) updated: number;
  @ApiProperty({ description: '与库中一致、没有改动的行数' }) unchanged: number;
  @ApiProperty({ description: '有错误的行数' }) errorRows: number;
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [ImportIssueView], description: '前 1000 条错误' }) errors: ImportIssueView[];
  @ApiProperty() warningCount: number;
  @ApiProperty({ type: [ImportIssueView], description: '前 1000 条提醒' }) warnings: ImportIssueView[];
  @ApiProperty({ type: [String], description: '不认识、未导入的列' }) ignoredColumns: string[];
}
