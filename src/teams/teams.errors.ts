import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const teamErrors = defineErrors({
  TEAM_NAME_TAKEN: [HttpStatus.CONFLICT, '该区域下已有同名招商队'],
  TEAM_REGION_NOT_FOUND: [HttpStatus.BAD_REQUEST, '所属区域不存在'],
  TEAM_USER_NOT_FOUND: [HttpStatus.BAD_REQUEST, '用户不存在或已停用'],
  TEAM_ALREADY_MEMBER: [HttpStatus.CONFLICT, '该用户已是队员'],
  TEAM_NOT_MEMBER: [HttpStatus.NOT_FOUND, '该用户不是队员'],
  TEAM_LEADER_REMOVAL: [HttpStatus.CONFLICT, '不能移除队长，请先更换队长'],
  SCOPE_NOT_MANAGER: [HttpStatus.BAD_REQUEST, '只有管理者角色的用户可以分配分管范围'],
  SCOPE_TARGET_NOT_FOUND: [HttpStatus.BAD_REQUEST, '分管的区域或队伍不存在'],
});
