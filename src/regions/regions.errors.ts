import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const regionErrors = defineErrors({
  REGION_CYCLE: [HttpStatus.BAD_REQUEST, '不能把区域移到它自己或它的下级之下'],
  REGION_LEVEL_MISMATCH: [HttpStatus.BAD_REQUEST, '区域层级与上级不匹配'],
  REGION_PARENT_NOT_FOUND: [HttpStatus.BAD_REQUEST, '上级区域不存在'],
  REGION_NAME_TAKEN: [HttpStatus.CONFLICT, '同一上级下已有同名区域'],
  REGION_CODE_TAKEN: [HttpStatus.CONFLICT, '行政区划代码已被使用'],
  DIVISION_NOT_FOUND: [HttpStatus.NOT_FOUND, '行政区划目录中没有这个代码'],
  REGION_IN_USE: [HttpStatus.CONFLICT, '该区域仍有下级单位或招商队，不能删除'],
});
