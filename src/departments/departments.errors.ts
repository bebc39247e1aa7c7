import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const departmentErrors = defineErrors({
  DEPARTMENT_NAME_TAKEN: [HttpStatus.CONFLICT, '该区划下已有同名责任部门'],
  DEPARTMENT_REFERENCE_INVALID: [HttpStatus.BAD_REQUEST, '引用的数据不存在或不可用'],
});
