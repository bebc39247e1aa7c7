import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const notificationErrors = defineErrors({
  EMAIL_NOT_CONFIGURED: [HttpStatus.BAD_REQUEST, '系统未配置邮件服务，不能选择邮件通知'],
  EMAIL_MISSING: [HttpStatus.BAD_REQUEST, '你的账号没有邮箱地址，请先由管理员补充'],
  WEBHOOK_TARGET_FORBIDDEN: [HttpStatus.BAD_REQUEST, 'Webhook 地址不可用：不能发往本机、内网或保留地址'],
  WEBHOOK_MISSING: [HttpStatus.BAD_REQUEST, '请先添加一个 Webhook 地址'],
});
