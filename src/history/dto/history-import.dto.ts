import { ApiPropertyOptional } from '@nestjs/swagger';
import { ImportReportBaseView } from '../../common/spreadsheet/import.dto';

/**
 * What a history import answers. `unchanged`: rows whose record is already there as they say (by
 * 编号, or by natural key); `updated` is always 0 — the history import never changes a record.
 */
export class HistoryImportReportView extends ImportReportBaseView {
  @ApiPropertyOptional({ description: '表头所在行（导出的台账有标题行，表头不在第一行）' }) headerRow?: number;
}
