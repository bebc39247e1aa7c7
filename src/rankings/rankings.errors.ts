import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const rankingErrors = defineErrors({
  RANKING_NO_TARGETS: [HttpStatus.CONFLICT, '该期间在该层级没有下达指标，无法排名'],
});
