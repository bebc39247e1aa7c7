import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { queryBoolean, trim } from '../../common/http/transforms';
import { IsWanYuan, parseWanYuan } from '../../common/money/wan-yuan';
import { PageQuery } from '../../common/pagination/page';
import { AreaUnit, CarrierAvailability, CarrierKind, PriceUnit, PromotedProjectStatus } from '../entities/carrier-enums';

const nullable = ValidateIf((_o, v) => v !== null);

/** Area and price figures: exact decimals with at most 4 places (numeric(18,4)), as pasted ("1,200") or as exact JSON numbers. */
const DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;
const toDecimal = ({ value }: { value: unknown }) => (value === null || value === undefined ? value : (parseWanYuan(value) ?? value));
const IsQuantity = (label: string): PropertyDecorator => {
  const transform = Transform(toDecimal);
  const shape = Matches(DECIMAL, { message: `${label}须为不小于 0 的数，至多 12 位整数、4 位小数（十进制字符串，如 "120.5"）` });
  const text = IsString({ message: `${label}须为十进制字符串，如 "120.5"` });
  return (target: object, key: string | symbol) => {
    transform(target, key);
    text(target, key);
    shape(target, key);
  };
};

const PHONE = /^[0-9+\-() ]{5,32}$/;

/** The contact a carrier or a promoted project gives investors (a landline is fine: not a mobile's pattern). */
class ContactDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: '联系人' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  contactName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '联系电话' })
  @IsOptional()
  @nullable
  @Matches(PHONE, { message: 'contactPhone 须为电话号码（数字、+、-、括号、空格，5–32 位）' })
  contactPhone?: string | null;
}

export class CreateCarrierDto extends ContactDto {
  @ApiProperty({ enum: CarrierKind, description: 'park 园区 / land 土地 / factory 标准化厂房' })
  @IsEnum(CarrierKind, { message: 'kind 须为 park（园区）、land（土地）或 factory（标准化厂房）' })
  kind: CarrierKind;

  @ApiProperty({ example: '通辽经济技术开发区' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ format: 'uuid', description: '所在区域（旗县区或以下）' })
  @IsUUID()
  regionUnitId: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: '所在园区（土地、厂房可填）' })
  @IsOptional()
  @nullable
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: '主导产业（产业链）' })
  @IsOptional()
  @nullable
  @IsUUID()
  industryChainId?: string | null;

  @ApiProperty({ example: '1200', description: '面积（按 areaUnit），十进制字符串，至多 4 位小数' })
  @IsQuantity('面积 area ')
  area: string;

  @ApiProperty({ enum: AreaUnit, description: 'mu 亩 / sqm ㎡' })
  @IsEnum(AreaUnit, { message: 'areaUnit 须为 mu（亩）或 sqm（㎡）' })
  areaUnit: AreaUnit;

  @ApiPropertyOptional({ example: '800', description: '可用面积；默认等于面积，不能大于面积' })
  @IsOptional()
  @IsQuantity('可用面积 availableArea ')
  availableArea?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '15', description: '价格（按 priceUnit），十进制字符串' })
  @IsOptional()
  @nullable
  @IsQuantity('价格 price ')
  price?: string | null;

  @ApiPropertyOptional({ enum: PriceUnit, nullable: true, description: 'wan_yuan_per_mu 万元/亩 / yuan_per_sqm_month 元/㎡·月 / yuan_per_sqm 元/㎡；填价格时必填' })
  @IsOptional()
  @nullable
  @IsEnum(PriceUnit, { message: 'priceUnit 须为 wan_yuan_per_mu（万元/亩）、yuan_per_sqm_month（元/㎡·月）或 yuan_per_sqm（元/㎡）' })
  priceUnit?: PriceUnit | null;

  @ApiPropertyOptional({ enum: CarrierAvailability, default: CarrierAvailability.Available, description: 'available 可用 / negotiating 洽谈中 / landed 已落地' })
  @IsOptional()
  @IsEnum(CarrierAvailability, { message: 'availability 须为 available（可用）、negotiating（洽谈中）或 landed（已落地）' })
  availability?: CarrierAvailability;

  @ApiPropertyOptional({ type: String, nullable: true, description: '配套条件（水电路讯气、土地性质、准入要求等）' })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(2000)
  conditions?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  address?: string | null;
}

// skipNullProperties: false (as UpdateLeadDto): kind, name, region, area and unit validated when sent as null.
export class UpdateCarrierDto extends PartialType(CreateCarrierDto, { skipNullProperties: false }) {}

export class CarrierQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CarrierKind }) @IsOptional() @IsEnum(CarrierKind) kind?: CarrierKind;
  @ApiPropertyOptional({ description: '区域（含下级）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional({ enum: CarrierAvailability }) @IsOptional() @IsEnum(CarrierAvailability) availability?: CarrierAvailability;
  @ApiPropertyOptional({ description: '主导产业' }) @IsOptional() @IsUUID() industryChainId?: string;
  @ApiPropertyOptional({ description: '所在园区' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ description: '名称片段' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(100) q?: string;
}

export class CreatePromotedProjectDto extends ContactDto {
  @ApiProperty({ example: '玉米深加工及氨基酸产业园项目' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() industryChainId: string;

  @ApiProperty({ format: 'uuid', description: '拟建地（旗县区或以下）' }) @IsUUID() regionUnitId: string;

  @ApiProperty({ example: '200000', description: '总投资（万元），十进制字符串，至多 4 位小数' })
  @IsWanYuan({ min: 'zero' })
  totalInvestment: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '300000', description: '预计年产值（万元）' })
  @IsOptional()
  @nullable
  @IsWanYuan({ min: 'zero' })
  expectedOutputValue?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '年利润 2.5 亿元，税收 8000 万元，就业 600 人', description: '预期效益' })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(500)
  expectedReturn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '项目简介、建设内容、合作方式' })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ enum: PromotedProjectStatus, default: PromotedProjectStatus.Promoting, description: 'promoting 推介中 / negotiating 洽谈中 / landed 已落地' })
  @IsOptional()
  @IsEnum(PromotedProjectStatus, { message: 'status 须为 promoting（推介中）、negotiating（洽谈中）或 landed（已落地）' })
  status?: PromotedProjectStatus;
}

export class UpdatePromotedProjectDto extends PartialType(CreatePromotedProjectDto, { skipNullProperties: false }) {}

export class PromotedProjectQuery extends PageQuery {
  @ApiPropertyOptional({ description: '区域（含下级）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() industryChainId?: string;
  @ApiPropertyOptional({ enum: PromotedProjectStatus }) @IsOptional() @IsEnum(PromotedProjectStatus) status?: PromotedProjectStatus;
  @ApiPropertyOptional({ description: '名称片段' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(100) q?: string;
}

/** The 招商推介会 export: what is on offer in a region and/or chain; 已落地 left out unless asked. */
export class FairExportQuery {
  @ApiPropertyOptional({ description: '区域（含下级）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional({ description: '产业链（载体按主导产业）' }) @IsOptional() @IsUUID() industryChainId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '是否包含已落地的载体和项目（默认不含）' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeLanded?: boolean;
}

class Ref {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class CarrierView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: CarrierKind }) kind: CarrierKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Ref }) regionUnit: Ref;
  @ApiProperty({ type: Ref, nullable: true }) parent: Ref | null;
  @ApiProperty({ type: Ref, nullable: true }) industryChain: Ref | null;
  @ApiProperty({ example: '1200' }) area: string;
  @ApiProperty({ enum: AreaUnit }) areaUnit: AreaUnit;
  @ApiProperty({ example: '亩' }) areaUnitLabel: string;
  @ApiProperty({ example: '800' }) availableArea: string;
  @ApiProperty({ type: String, nullable: true, example: '15' }) price: string | null;
  @ApiProperty({ enum: PriceUnit, nullable: true }) priceUnit: PriceUnit | null;
  @ApiProperty({ type: String, nullable: true, example: '万元/亩' }) priceUnitLabel: string | null;
  @ApiProperty({ enum: CarrierAvailability }) availability: CarrierAvailability;
  @ApiProperty() availabilityLabel: string;
  @ApiProperty({ type: String, nullable: true }) conditions: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPhone: string | null;
  @ApiProperty({ description: '当前用户可否编辑（管理员，或该区域的管理者）' }) canEdit: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class PromotedProjectView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Ref }) industryChain: Ref;
  @ApiProperty({ type: Ref }) regionUnit: Ref;
  @ApiProperty({ example: '200000' }) totalInvestment: string;
  @ApiProperty({ type: String, nullable: true }) expectedOutputValue: string | null;
  @ApiProperty({ type: String, nullable: true }) expectedReturn: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPhone: string | null;
  @ApiProperty({ enum: PromotedProjectStatus }) status: PromotedProjectStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ description: '当前用户可否编辑（管理员，或该区域的管理者）' }) canEdit: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}
