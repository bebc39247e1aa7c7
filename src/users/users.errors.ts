import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const userErrors = defineErrors({
  USERNAME_TAKEN: [HttpStatus.CONFLICT, '登录名已被使用'],
  CANNOT_DEACTIVATE_SELF: [HttpStatus.CONFLICT, '不能停用自己的账号'],
  USER_TEAM_NOT_FOUND: [HttpStatus.BAD_REQUEST, '招商队不存在或已归档'],
  USER_DEPARTMENT_MISMATCH: [HttpStatus.BAD_REQUEST, '责任部门账号须指定所属部门，其他角色不能指定部门'],
  LAST_ADMIN: [HttpStatus.CONFLICT, '至少要保留一个启用的管理员'],
});
