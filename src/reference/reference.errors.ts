import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const referenceErrors = defineErrors({
  REFERENCE_NAME_TAKEN: [HttpStatus.CONFLICT, '名称已存在'],
  REFERENCE_INACTIVE: [HttpStatus.BAD_REQUEST, '引用的基础数据已停用'],
});
