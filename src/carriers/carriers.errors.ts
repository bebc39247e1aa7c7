import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const carrierErrors = defineErrors({
  CARRIER_INVALID: [HttpStatus.BAD_REQUEST, '载体信息不合法'],
  CARRIER_IN_USE: [HttpStatus.CONFLICT, '该载体仍被线索或园区内的土地、厂房引用，不能删除'],
  PROMOTED_PROJECT_IN_USE: [HttpStatus.CONFLICT, '该推介项目仍被线索引用，不能删除'],
});
