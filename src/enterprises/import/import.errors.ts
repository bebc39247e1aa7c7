import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../../common/errors/app-error';
import { SPREADSHEET_ERRORS } from '../../common/spreadsheet/spreadsheet.errors';

/** The shared import codes, with the enterprise import's own wording where it has one. */
export const importErrors = defineErrors({
  ...SPREADSHEET_ERRORS,
  IMPORT_IN_PROGRESS: [HttpStatus.CONFLICT, '另一个企业导入正在进行，请稍后再试'],
});
