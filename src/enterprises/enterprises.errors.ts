import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const enterpriseErrors = defineErrors({
  CREDIT_CODE_FORMAT: [HttpStatus.BAD_REQUEST, '统一社会信用代码格式不正确：应为 18 位，由数字和大写字母组成（不含 I、O、Z、S、V）'],
  CREDIT_CODE_CHECKSUM: [HttpStatus.BAD_REQUEST, '统一社会信用代码校验位不符；如确认无误，可由管理员强制保存'],
  CHECKSUM_OVERRIDE_ADMIN_ONLY: [HttpStatus.FORBIDDEN, '只有管理员可以强制保存校验位不符的信用代码'],
  ENTERPRISE_DUPLICATE: [HttpStatus.CONFLICT, '企业已存在'],
  MERGE_SELF: [HttpStatus.BAD_REQUEST, '不能把企业合并到它自己'],
  MERGE_CONFLICT: [HttpStatus.CONFLICT, '两家企业的信用代码不同，不能合并'],
  CONTACT_NOT_FOUND: [HttpStatus.NOT_FOUND, '联系人不存在'],
  CONTACT_NOT_OF_ENTERPRISE: [HttpStatus.BAD_REQUEST, '有联系人不存在或不属于该企业'],
});
