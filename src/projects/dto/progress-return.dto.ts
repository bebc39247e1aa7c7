import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImportReportBaseView } from '../../common/spreadsheet/import.dto';
import type { ImportReportBase } from '../../common/spreadsheet/import-report';

export class AmountChangeView {
  @ApiProperty({ nullable: true, type: String, description: '原值（万元）；null：该月未填报' }) before: string | null;
  @ApiProperty({ nullable: true, type: String, description: '新值（万元）；null：清空' }) after: string | null;
}

export class ProgressReturnChange {
  @ApiProperty({ description: 'Excel 中的行号' }) row: number;
  @ApiProperty() projectId: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: AmountChangeView, description: '当月完成投资' }) completedInvestment?: AmountChangeView;
  @ApiPropertyOptional({ type: AmountChangeView, description: '当月到位资金（合计）' }) fundsInPlace?: AmountChangeView;
}

/** What POST /imports/project-progress answers (dry run or real): updated = rows that change month N, unchanged = rows equal to what is stored. */
export class ProgressReturnReport extends ImportReportBaseView implements ImportReportBase {
  declare fileType: ImportReportBase['fileType'];
  declare encoding?: ImportReportBase['encoding'];
  @ApiProperty({ example: '2022-10', description: '填报月份（写入的月份）' }) month: string;
  @ApiProperty({ description: '写入的当月完成投资条数（dryRun 时为 0）' }) progressWritten: number;
  @ApiProperty({ description: '写入的当月到位资金条数（dryRun 时为 0）' }) fundsWritten: number;
  @ApiProperty({ type: [ProgressReturnChange], description: '各行的改动（前 1000 行）' }) changes: ProgressReturnChange[];
}
