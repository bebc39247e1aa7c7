import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { trim } from '../../common/http/transforms';
import { MOBILE_PATTERN } from '../../common/validation/mobile';
import { EnterpriseContact } from '../entities/enterprise-contact.entity';

/** 座机: optional area code (0 + 2–3 digits), 7–8 digits not starting with 0, optional extension. */
export const LANDLINE_PATTERN = /^(0\d{2,3}-?)?[1-9]\d{6,7}(-\d{1,6})?$/;

const nullable = ValidateIf((_o, v) => v !== null);

export class CreateContactDto {
  @ApiProperty({ example: '王经理' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '投资发展部总监' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '13912345678' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @Matches(MOBILE_PATTERN, { message: 'mobile must be an 11-digit mainland mobile number (1[3-9]…)' })
  mobile?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '0475-8231234' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @Matches(LANDLINE_PATTERN, { message: '座机号格式不正确，应如 0475-8231234 或 010-12345678-123' })
  landline?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(64)
  wechat?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(500)
  notes?: string | null;
}

export class UpdateContactDto extends PartialType(CreateContactDto) {}

export class ContactView {
  @ApiProperty() id: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) mobile: string | null;
  @ApiProperty({ nullable: true, type: String }) landline: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) wechat: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

/** A contact as ContactView. */
export const toContactView = (c: EnterpriseContact): ContactView => ({
  id: c.id,
  enterpriseId: c.enterpriseId,
  name: c.name,
  title: c.title,
  mobile: c.mobile,
  landline: c.landline,
  email: c.email,
  wechat: c.wechat,
  notes: c.notes,
  createdAt: c.createdAt,
});
