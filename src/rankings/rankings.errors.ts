import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const rankingErrors = defineErrors({
  RANKING_NO_TARGETS: [HttpStatus.CONFLICT, '该期间在该层级没有下达指标，无法排名'],
  RANKING_CORRECTION_REQUIRED: [HttpStatus.BAD_REQUEST, '该期间、该层级的通报已发布：再次发布须作为更正，提供 correctionOf（现行版本 id）和 correctionNote（更正说明）'],
  RANKING_NOT_CURRENT_VERSION: [HttpStatus.CONFLICT, '被更正的通报已有更新的版本，请在现行版本上更正'],
  RANKING_NOT_A_VERSION: [HttpStatus.BAD_REQUEST, 'correctionOf 不是该期间、该层级通报的版本'],
  RANKING_NOTHING_TO_CORRECT: [HttpStatus.BAD_REQUEST, '该期间、该层级尚无已发布的通报，首次发布不能带 correctionOf 或 correctionNote'],
});
