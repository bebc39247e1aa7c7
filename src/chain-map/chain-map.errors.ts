import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';

export const chainMapErrors = defineErrors({
  CHAIN_LINK_NAME_TAKEN: [HttpStatus.CONFLICT, '该产业链已有同名链节'],
  CHAIN_LINK_NOT_EMPTY: [HttpStatus.CONFLICT, '链节上还有企业，请先移除企业再删除链节'],
  CHAIN_COMPANY_PLACED: [HttpStatus.CONFLICT, '该企业已在此链节上'],
  CHAIN_COMPANY_NOT_TARGET: [HttpStatus.CONFLICT, '只有目标企业可以转为线索'],
  CHAIN_INACTIVE: [HttpStatus.BAD_REQUEST, '产业链已停用'],
});
