import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../common/errors/app-error';
import { ACCEPTED_TYPES_TEXT } from './file-types';

export const attachmentErrors = defineErrors({
  ATTACHMENT_FILE_MISSING: [HttpStatus.BAD_REQUEST, '请选择要上传的文件'],
  ATTACHMENT_FILE_FIELD: [HttpStatus.BAD_REQUEST, '文件应放在表单字段 file 中，且一次只能上传一个文件'],
  ATTACHMENT_FILE_EMPTY: [HttpStatus.BAD_REQUEST, '文件是空的'],
  ATTACHMENT_TYPE_REFUSED: [HttpStatus.UNSUPPORTED_MEDIA_TYPE, `不支持的文件类型：${ACCEPTED_TYPES_TEXT}`],
  ATTACHMENT_TOO_LARGE: [HttpStatus.PAYLOAD_TOO_LARGE, '文件过大'],
  ATTACHMENT_WRITE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有本队成员、项目负责人、分管领导或管理员可以上传附件'],
  ATTACHMENT_DELETE_FORBIDDEN: [HttpStatus.FORBIDDEN, '只有上传人、分管领导或管理员可以删除附件'],
  ATTACHMENT_CONTENT_MISSING: [HttpStatus.NOT_FOUND, '附件文件已丢失，请联系管理员'],
});
