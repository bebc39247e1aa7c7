import { applyDecorators, Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { ApiBodyOptions } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { contentDisposition } from '../common/http/content-disposition';
import { IdParam } from '../common/http/id-param';
import { StoredUpload } from '../common/spreadsheet/upload.interceptor';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { AttachmentsService } from './attachments.service';
import { AttachmentContentQuery, AttachmentView, UploadAttachmentDto } from './dto/attachment.dto';
import { ACCEPTED_TYPES_TEXT } from './file-types';

const UPLOAD_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary' }, note: { type: 'string', maxLength: 200, description: '说明' } },
  },
};
const UPLOAD_DESCRIPTION = `multipart/form-data，文件放在字段 file（一次一个）。类型按文件内容识别（不看客户端声明的类型）：${ACCEPTED_TYPES_TEXT}；大小上限见配置 ATTACHMENT_MAX_MB（默认 20 MB）。`;

/** One upload route's behaviour and document: the multipart interceptor and every answer it may give. */
const UploadOperation = (summary: string, record: string) =>
  applyDecorators(
    UseInterceptors(AttachmentUploadInterceptor),
    ApiOperation({ summary, description: UPLOAD_DESCRIPTION }),
    ApiConsumes('multipart/form-data'),
    ApiBody(UPLOAD_BODY),
    ApiCreatedResponse({ type: AttachmentView }),
    ApiBadRequestResponse({ description: 'ATTACHMENT_FILE_MISSING / ATTACHMENT_FILE_EMPTY / ATTACHMENT_FILE_FIELD' }),
    ApiForbiddenResponse({ description: 'ATTACHMENT_WRITE_FORBIDDEN' }),
    ApiNotFoundResponse({ description: `NOT_FOUND：${record}不存在或不在可见范围内` }),
    ApiPayloadTooLargeResponse({ description: 'ATTACHMENT_TOO_LARGE' }),
    ApiUnsupportedMediaTypeResponse({ description: 'ATTACHMENT_TYPE_REFUSED' }),
  );

@ApiTags('attachments 附件')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get('interactions/:id/attachments')
  @ApiOperation({ summary: '对接记录的附件（照片、文件），最新在前' })
  @ApiOkResponse({ type: [AttachmentView] })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：记录不存在或不在可见范围内' })
  listOfInteraction(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.attachments.list(actor, { kind: 'interaction', id });
  }

  @Post('interactions/:id/attachments')
  @UploadOperation('给对接记录上传附件（本队成员、记录人、分管领导、管理员）', '记录')
  uploadToInteraction(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UploadAttachmentDto, @UploadedFile() file?: StoredUpload) {
    return this.attachments.upload(actor, { kind: 'interaction', id }, file, dto);
  }

  @Get('projects/:id/attachments')
  @ApiOperation({ summary: '项目的附件（合同、证照、现场照片），最新在前' })
  @ApiOkResponse({ type: [AttachmentView] })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：项目不存在或不在可见范围内' })
  listOfProject(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.attachments.list(actor, { kind: 'project', id });
  }

  @Post('projects/:id/attachments')
  @UploadOperation('给项目上传附件（项目负责人、本队成员、分管领导、管理员）', '项目')
  uploadToProject(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UploadAttachmentDto, @UploadedFile() file?: StoredUpload) {
    return this.attachments.upload(actor, { kind: 'project', id }, file, dto);
  }

  @Get('attachments/:id/content')
  @ApiOperation({ summary: '附件内容：图片和 PDF 在浏览器中打开，其余下载；文件名按 RFC 5987 给出' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: '文件内容，Content-Type 为识别出的类型' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：附件不存在或其记录不在可见范围内；ATTACHMENT_CONTENT_MISSING：文件已丢失' })
  async content(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Query() query: AttachmentContentQuery, @Res() res: Response): Promise<void> {
    const file = await this.attachments.content(actor, id);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName, file.inline && !query.download ? 'inline' : 'attachment'));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A client gone mid-download ends the stream; nothing else is to be done.
    await pipeline(file.stream, res).catch(() => undefined);
  }

  @Delete('attachments/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除附件（上传人、记录人/项目负责人、分管领导、管理员）' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiForbiddenResponse({ description: 'ATTACHMENT_DELETE_FORBIDDEN' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：附件不存在或其记录不在可见范围内' })
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.attachments.remove(actor, id);
  }
}
