import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProgressReturnIssueView {
  @ApiPropertyOptional({ description: 'Excel 中的行号' }) row?: number;
  @ApiPropertyOptional({ description: '列（表头）' }) column?: string;
  @ApiProperty() message: string;
}

export class AmountChangeView {
  @ApiProperty({ nullable: true, type: String, description: '原值（万元）；null：该月未填报' }) before: string | null;
  @ApiProperty({ nullable: true, type: String, description: '新值（万元）；null：清空' }) after: string | null;
}

export class ProgressReturnChange {
  @ApiProperty() row: number;
  @ApiProperty() projectId: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: AmountChangeView, description: '当月完成投资' }) completedInvestment?: AmountChangeView;
  @ApiPropertyOptional({ type: AmountChangeView, description: '当月到位资金（合计）' }) fundsInPlace?: AmountChangeView;
}

/** What POST /imports/project-progress answers (dry run or real). */
export class ProgressReturnReport {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) fileType: 'xlsx' | 'csv';
  @ApiPropertyOptional({ description: 'CSV 的编码' }) encoding?: string;
  @ApiPropertyOptional({ description: '读取的工作表' }) sheet?: string;
  @ApiProperty({ example: '2022-10', description: '填报月份（写入的月份）' }) month: string;
  @ApiProperty({ description: '项目行数（不含小计、合计、空行）' }) totalRows: number;
  @ApiProperty({ description: '跳过的小计、合计、空行' }) skippedRows: number;
  @ApiProperty({ description: '有改动的项目行' }) updated: number;
  @ApiProperty({ description: '与库中一致、不写入的项目行' }) unchanged: number;
  @ApiProperty({ description: '写入的当月完成投资条数（dryRun 时为 0）' }) progressWritten: number;
  @ApiProperty({ description: '写入的当月到位资金条数（dryRun 时为 0）' }) fundsWritten: number;
  @ApiProperty() errorRows: number;
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [ProgressReturnIssueView], description: '前 1000 个错误，按 Excel 行号' }) errors: ProgressReturnIssueView[];
  @ApiProperty({ type: [ProgressReturnIssueView] }) warnings: ProgressReturnIssueView[];
  @ApiProperty({ type: [ProgressReturnChange], description: '各行的改动（前 1000 行）' }) changes: ProgressReturnChange[];
}
