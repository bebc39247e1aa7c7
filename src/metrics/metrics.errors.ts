import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const metricsErrors = defineErrors({
  REPORT_RANGE_INVALID: [HttpStatus.BAD_REQUEST, '统计月份区间无效：截止月份不能早于起始月份'],
});
