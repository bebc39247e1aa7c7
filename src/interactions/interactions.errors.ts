import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const interactionErrors = defineErrors({
  INTERACTION_PARTICIPANT_INVALID: [HttpStatus.BAD_REQUEST, '走访人员不存在或已停用'],
  INTERACTION_PARTICIPANT_OUTSIDE_TEAM: [HttpStatus.BAD_REQUEST, '走访人员只能是本队队员或分管本队的领导'],
  FOLLOW_UP_IN_PAST: [HttpStatus.BAD_REQUEST, '下次跟进日期不能早于今天'],
  FOLLOW_UP_BEFORE_INTERACTION: [HttpStatus.BAD_REQUEST, '下次跟进日期不能早于本次对接日期'],
  OCCURRED_IN_FUTURE: [HttpStatus.BAD_REQUEST, '对接日期不能晚于今天'],
  INTERACTION_EDIT_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有记录人或分管领导可以修改这条对接记录'],
  FOLLOW_UP_NOT_OPEN: [HttpStatus.CONFLICT, '这条记录没有待办的跟进（未设下次跟进日期，或已完成）'],
});
