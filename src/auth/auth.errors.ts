import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const authErrors = defineErrors({
  // One answer for an unknown name, a wrong password and a deactivated account, right password or not.
  INVALID_CREDENTIALS: [HttpStatus.UNAUTHORIZED, '用户名或密码错误'],
  // This name from this address (or this address) failed too often: the same for any name, existing or not.
  LOGIN_THROTTLED: [HttpStatus.TOO_MANY_REQUESTS, '登录失败次数过多，请稍后再试'],
  INVALID_REFRESH_TOKEN: [HttpStatus.UNAUTHORIZED, '登录已过期，请重新登录'],
  WRONG_PASSWORD: [HttpStatus.BAD_REQUEST, '当前密码不正确'],
  SAME_PASSWORD: [HttpStatus.BAD_REQUEST, '新密码不能与当前密码相同'],
});
