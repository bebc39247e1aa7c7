import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsEnum, ValidateNested } from 'class-validator';
import { formatWanYuan, fromNumeric, IsWanYuan, toUnits } from '../../common/money/wan-yuan';
import { FUNDS_SOURCE_LABELS, FUNDS_SOURCES, FundsSource } from '../entities/project-monthly-funds.entity';
import { monthLabel } from '../project-rules';
import { Ref } from './project.dto';

/** A month has at most one row per source and fixed-asset flag: 3 × 2. */
const MAX_ROWS = FUNDS_SOURCES.length * 2;

export class FundsRowDto {
  @ApiProperty({ enum: FundsSource, description: '资金来源：out_of_city 市外省内 / out_of_province 省外 / overseas 境外' })
  @IsEnum(FundsSource)
  source: FundsSource;

  @ApiProperty({ description: '是否固定资产投资' })
  @IsBoolean()
  fixedAsset: boolean;

  @ApiProperty({ example: '1200', description: '实际到位资金（万元），不小于 0' })
  @IsWanYuan({ min: 'zero' })
  amount: string;
}

/** PUT /projects/:id/funds/:month: the month's rows, replacing whatever the month held. */
export class ReportFundsDto {
  @ApiProperty({ type: [FundsRowDto], description: '该月各来源的实际到位资金；同一来源与是否固定资产投资只能有一行；空数组即清除该月' })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(MAX_ROWS)
  @ValidateNested({ each: true })
  @Type(() => FundsRowDto)
  rows: FundsRowDto[];
}

export class FundsRowView {
  @ApiProperty({ enum: FundsSource }) source: FundsSource;
  @ApiProperty({ example: '省外' }) sourceLabel: string;
  @ApiProperty({ description: '是否固定资产投资' }) fixedAsset: boolean;
  @ApiProperty({ example: '1200', description: '实际到位资金（万元）' }) amount: string;
}

export class FundsMonthView {
  @ApiProperty({ example: '2022-06' }) month: string;
  @ApiProperty({ type: [FundsRowView], description: '按来源（市外省内、省外、境外）及是否固定资产投资' }) rows: FundsRowView[];
  @ApiProperty({ example: '1500', description: '当月实际到位资金合计（万元）' }) total: string;
  @ApiProperty({ example: '8200', description: '截至该月累计实际到位资金（万元）' }) cumulative: string;
  @ApiProperty({ type: Ref, nullable: true }) reportedBy: Ref | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class FundsReportView extends FundsMonthView {
  @ApiProperty({ description: 'true: 该月首次填报；false: 替换了该月已有的填报' }) created: boolean;
  @ApiProperty({ example: '8200', description: '全部月份累计实际到位资金（万元）' }) projectCumulative: string;
}

export class FundsSourceTotalView {
  @ApiProperty({ enum: FundsSource }) source: FundsSource;
  @ApiProperty({ example: '省外' }) sourceLabel: string;
  @ApiProperty({ example: '5000', description: '累计实际到位资金（万元）' }) amount: string;
  @ApiProperty({ example: '4000', description: '其中固定资产投资（万元）' }) fixedAsset: string;
}

/** GET /projects/:id/funds. */
export class FundsListView {
  @ApiProperty({ type: [FundsMonthView], description: '各月，早的在前' }) items: FundsMonthView[];
  @ApiProperty({ example: '8200', description: '累计实际到位资金（万元）' }) cumulative: string;
  @ApiProperty({ example: '6000', description: '其中固定资产投资（万元）' }) fixedAssetCumulative: string;
  @ApiProperty({ type: [FundsSourceTotalView], description: '按来源累计' }) bySource: FundsSourceTotalView[];
  @ApiProperty({ example: '200000', description: '合同投资额（万元，项目签约额）' }) contractAmount: string;
}

/** A stored row, as the repository and read model return it. */
export interface FundsRow {
  month: string;
  source: FundsSource;
  fixed_asset: boolean;
  amount: string;
  reported_by_id: string | null;
  display_name: string | null;
  updated_at: Date;
}

/** Rows in the order they are shown: by source (市外省内, 省外, 境外), fixed-asset investment first. */
export function sortFundsRows<T extends { source: FundsSource; fixedAsset: boolean }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => FUNDS_SOURCES.indexOf(a.source) - FUNDS_SOURCES.indexOf(b.source) || Number(b.fixedAsset) - Number(a.fixedAsset));
}

export const toFundsRowView = (r: { source: FundsSource; fixedAsset: boolean; amount: string }): FundsRowView => ({
  source: r.source,
  sourceLabel: FUNDS_SOURCE_LABELS[r.source],
  fixedAsset: r.fixedAsset,
  amount: fromNumeric(r.amount),
});

/** Every month's rows grouped, oldest first, with month totals and running cumulative, and the totals by source (exact). */
export function toFundsListView(rows: FundsRow[], contractAmount: string): FundsListView {
  const months = new Map<string, FundsRow[]>();
  for (const r of rows) months.set(r.month, [...(months.get(r.month) ?? []), r]);
  let running = 0n;
  const items = [...months.keys()].sort().map((month): FundsMonthView => {
    const monthRows = months.get(month) as FundsRow[];
    const total = monthRows.reduce((s, r) => s + toUnits(r.amount), 0n);
    running += total;
    const latest = monthRows.reduce((a, b) => (b.updated_at > a.updated_at ? b : a));
    return {
      month: monthLabel(month),
      rows: sortFundsRows(monthRows.map((r) => toFundsRowView({ source: r.source, fixedAsset: r.fixed_asset, amount: r.amount }))),
      total: formatWanYuan(total),
      cumulative: formatWanYuan(running),
      reportedBy: latest.reported_by_id ? { id: latest.reported_by_id, name: latest.display_name ?? '' } : null,
      updatedAt: latest.updated_at,
    };
  });
  const sum = (pick: (r: FundsRow) => boolean) => formatWanYuan(rows.filter(pick).reduce((s, r) => s + toUnits(r.amount), 0n));
  return {
    items,
    cumulative: formatWanYuan(running),
    fixedAssetCumulative: sum((r) => r.fixed_asset),
    bySource: FUNDS_SOURCES.map((source) => ({
      source,
      sourceLabel: FUNDS_SOURCE_LABELS[source],
      amount: sum((r) => r.source === source),
      fixedAsset: sum((r) => r.source === source && r.fixed_asset),
    })),
    contractAmount: fromNumeric(contractAmount),
  };
}
