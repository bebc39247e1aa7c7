import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../errors/app-error';

/**
 * The error codes every spreadsheet import shares (reading the file, its header, the run).
 * A domain's import adds its own codes by spreading this table into its own defineErrors.
 */
export const SPREADSHEET_ERRORS = {
  IMPORT_FILE_MISSING: [HttpStatus.BAD_REQUEST, '请上传要导入的文件（表单字段 file，.xlsx 或 .csv）'],
  IMPORT_FILE_FIELD: [HttpStatus.BAD_REQUEST, '上传的文件应放在表单字段 file 中，且一次只能上传一个文件'],
  IMPORT_FILE_TOO_LARGE: [HttpStatus.PAYLOAD_TOO_LARGE, '文件过大'],
  IMPORT_FILE_EMPTY: [HttpStatus.BAD_REQUEST, '上传的文件是空的'],
  IMPORT_NOT_SPREADSHEET: [HttpStatus.BAD_REQUEST, '文件不是 Excel 工作簿（.xlsx）或 CSV 文本，无法导入'],
  IMPORT_LEGACY_XLS: [HttpStatus.BAD_REQUEST, '这是旧版 Excel（.xls）文件或设了密码的工作簿：请在 Excel 中另存为不设密码的 .xlsx 或 CSV 后再导入'],
  IMPORT_FILE_CORRUPT: [HttpStatus.BAD_REQUEST, '文件已损坏，无法读完：请在 Excel 中重新保存后再导入'],
  IMPORT_CSV_MALFORMED: [HttpStatus.BAD_REQUEST, 'CSV 文件格式有误'],
  IMPORT_UNPACKED_TOO_LARGE: [HttpStatus.BAD_REQUEST, '工作簿解压后过大，无法导入'],
  IMPORT_SHARED_STRINGS_TOO_LARGE: [HttpStatus.BAD_REQUEST, '工作簿的共享字符串过多，无法导入'],
  IMPORT_CELL_TOO_LONG: [HttpStatus.BAD_REQUEST, '有单元格内容过长，无法导入'],
  IMPORT_TOO_MANY_COLUMNS: [HttpStatus.BAD_REQUEST, '表格列数过多，无法导入'],
  IMPORT_ROW_TOO_LARGE: [HttpStatus.BAD_REQUEST, 'CSV 有一行过长，无法导入'],
  IMPORT_XML_LIMIT: [HttpStatus.BAD_REQUEST, '工作簿的 XML 结构超出限制，无法导入'],
  IMPORT_NO_SHEET: [HttpStatus.BAD_REQUEST, '工作簿里没有工作表'],
  IMPORT_MISSING_COLUMN: [HttpStatus.BAD_REQUEST, '表头缺少必填列'],
  IMPORT_DUPLICATE_COLUMN: [HttpStatus.BAD_REQUEST, '表头中有重复的列'],
  IMPORT_NO_ROWS: [HttpStatus.BAD_REQUEST, '文件中只有表头，没有数据行'],
  IMPORT_TOO_MANY_ROWS: [HttpStatus.BAD_REQUEST, '文件行数过多'],
  IMPORT_ROWS_INVALID: [HttpStatus.UNPROCESSABLE_ENTITY, '文件中有错误的行，未导入任何数据'],
  IMPORT_IN_PROGRESS: [HttpStatus.CONFLICT, '另一个同类导入正在进行，请稍后再试'],
  IMPORT_INTERRUPTED: [HttpStatus.CONFLICT, '导入过程中数据被他人修改，导入中断'],
  IMPORT_SHUTDOWN: [HttpStatus.SERVICE_UNAVAILABLE, '服务正在停止，导入已中断，未导入任何数据：请稍后重新上传'],
} as const;

export const spreadsheetErrors = defineErrors(SPREADSHEET_ERRORS);
