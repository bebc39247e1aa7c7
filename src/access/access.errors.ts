import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

/** Refusals of a scope question itself (out of scope is a 404, see notFound). */
export const accessErrors = defineErrors({
  TEAM_REQUIRED: [HttpStatus.BAD_REQUEST, '请选择招商队'],
  TEAM_NOT_WRITABLE: [HttpStatus.BAD_REQUEST, '只能记在你所在或分管的招商队名下'],
});
