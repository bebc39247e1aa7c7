import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { queryBoolean } from '../../common/http/transforms';
import { AttachmentViewRow } from '../attachment-views.read-model';

/** The form fields sent with the file. */
export class UploadAttachmentDto {
  @ApiPropertyOptional({ description: '说明（如 现场照片、投资协议扫描件），至多 200 字', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

class UploaderRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class AttachmentView {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, description: '所属对接记录' }) interactionId: string | null;
  @ApiProperty({ nullable: true, type: String, description: '所属项目' }) projectId: string | null;
  @ApiProperty({ description: '原文件名' }) fileName: string;
  @ApiProperty({ description: '按文件内容识别的类型' }) contentType: string;
  @ApiProperty({ description: '字节数' }) sizeBytes: number;
  @ApiProperty({ description: '是否图片' }) isImage: boolean;
  @ApiProperty({ nullable: true, type: String, description: '说明' }) note: string | null;
  @ApiProperty({ type: UploaderRef }) uploadedBy: UploaderRef;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ description: '当前用户能否删除' }) canDelete: boolean;
}

export const toAttachmentView = (row: AttachmentViewRow, canDelete: boolean): AttachmentView => ({
  id: row.id,
  interactionId: row.interaction_id,
  projectId: row.project_id,
  fileName: row.file_name,
  contentType: row.content_type,
  sizeBytes: Number(row.size_bytes),
  isImage: row.content_type.startsWith('image/'),
  note: row.note,
  uploadedBy: { id: row.uploaded_by_id, name: row.uploaded_by_name ?? '' },
  createdAt: row.created_at,
  canDelete,
});

/** `?download=true` saves the file instead of showing it (images and PDF are shown by default). */
export class AttachmentContentQuery {
  @ApiPropertyOptional({ description: 'true：以下载方式返回（图片和 PDF 默认在浏览器中打开）' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  download?: boolean;
}
