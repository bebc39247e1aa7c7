import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const targetErrors = defineErrors({
  TARGET_ASSIGNEE_REQUIRED: [HttpStatus.BAD_REQUEST, '请指定区域单位或招商队（二选一）'],
  TARGET_ASSIGNEE_NOT_FOUND: [HttpStatus.BAD_REQUEST, '区域单位或招商队不存在'],
  TARGET_EXISTS: [HttpStatus.CONFLICT, '该对象在该期间已有指标，请修改已有指标'],
  TARGET_EMPTY: [HttpStatus.BAD_REQUEST, '至少要设定一项指标'],
  TARGET_NOT_SPLITTABLE: [HttpStatus.BAD_REQUEST, '只有区域单位的指标可以分解到招商队'],
  SPLIT_OUTSIDE_UNIT: [HttpStatus.BAD_REQUEST, '只能分解给该区域及其下级的招商队'],
  SPLIT_EXCEEDS_PARENT: [HttpStatus.BAD_REQUEST, '分解合计超过上级指标；如为加压目标，请勾选「加压目标」（stretch）'],
  SPLIT_UNKNOWN_METRIC: [HttpStatus.BAD_REQUEST, '上级没有设定该项指标，不能分解'],
  TARGET_HAS_SHARES: [HttpStatus.CONFLICT, '该指标已分解到招商队，请先删除各队的分解指标'],
  TARGET_VERSION_CONFLICT: [HttpStatus.CONFLICT, '指标已被他人修改，请刷新后重试'],
  TARGET_WRITE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有管理员或上级区域的分管领导可以修改该指标'],
  TARGET_SPLIT_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有管理员或该区域的分管领导可以分解该指标'],
});
