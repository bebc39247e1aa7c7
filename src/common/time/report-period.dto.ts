import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { IsCalendarDate } from './business-time';
import { percentOf, Rational } from '../math/rational';
import { countedWindow, makePeriod, MonthWindow, PACE_LABELS, PaceConvention, paceFraction, Period, periodBounds, periodLabel, PERIOD_TYPES, PeriodType, previousYearOf, previousYearWindow, today } from './period';

/** A month of 2000–2100, as YYYY-MM (the years a report may name, as `year`). */
const YEAR_MONTH = /^(20\d\d|2100)-(0[1-9]|1[0-2])$/;
/** A range is at most ten years of months. */
const MAX_RANGE_MONTHS = 120;

const monthsBetween = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

/** `to` of a range: not before `from`, and at most MAX_RANGE_MONTHS months from it. */
const IsRangeEnd = () =>
  ValidateBy({
    name: 'isRangeEnd',
    validator: {
      validate: (to: unknown, args) => {
        const from = (args?.object as ReportPeriodQuery).from;
        if (typeof to !== 'string' || typeof from !== 'string' || !YEAR_MONTH.test(from) || !YEAR_MONTH.test(to)) return true;
        const n = monthsBetween(from, to);
        return n >= 0 && n < MAX_RANGE_MONTHS;
      },
      defaultMessage: () => `截止月份 to 不能早于起始月份 from，且区间不超过 ${MAX_RANGE_MONTHS} 个月`,
    },
  });

/**
 * The period of a report (统计期间) and its 数据截至 date: a year, a half-year, a quarter, 1–N月
 * (year to date through month N) or a range of months. GET /targets/progress, the rankings and
 * the dashboard take it; figures are counted from the period's months up to the as-of month.
 */
export class ReportPeriodQuery {
  @ApiProperty({ enum: PERIOD_TYPES, description: 'year 年度 / half 半年 / quarter 季度 / ytd 1–N月（年初至第 N 月）/ range 自定义月份区间（from..to）' })
  @IsIn(PERIOD_TYPES)
  periodType: PeriodType;

  @ApiPropertyOptional({ example: 2022, description: '年度（periodType=range 以外必填）' })
  @ValidateIf((o: ReportPeriodQuery) => o.periodType !== 'range' || o.year !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 2, description: '1 上半年 / 2 下半年（periodType=half 时必填）' })
  @ValidateIf((o: ReportPeriodQuery) => o.periodType === 'half' || o.half !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2)
  half?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 4, description: '季度（periodType=quarter 时必填）' })
  @ValidateIf((o: ReportPeriodQuery) => o.periodType === 'quarter' || o.quarter !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 12, description: '1–N月的 N（periodType=ytd 时必填）' })
  @ValidateIf((o: ReportPeriodQuery) => o.periodType === 'ytd' || o.month !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;

  @ApiPropertyOptional({ example: '2021-09', description: '区间首月 YYYY-MM（periodType=range 时必填）' })
  @ValidateIf((o: ReportPeriodQuery) => o.periodType === 'range' || o.from !== undefined)
  @Matches(YEAR_MONTH, { message: '起始月份 from 必须是年月，如 2021-09' })
  from?: string;

  @ApiPropertyOptional({ example: '2022-10', description: '区间末月 YYYY-MM（含；periodType=range 时必填，不早于 from）' })
  @ValidateIf((o: ReportPeriodQuery) => o.periodType === 'range' || o.to !== undefined)
  @Matches(YEAR_MONTH, { message: '截止月份 to 必须是年月，如 2022-10' })
  @IsRangeEnd()
  to?: string;

  @ApiPropertyOptional({ example: '2022-10-31', description: '数据截至日期 YYYY-MM-DD（默认今天，北京时间）：只计截至该日所在月份及以前的数据' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

/** The period a validated query names. */
export function periodOfQuery(q: Pick<ReportPeriodQuery, 'periodType' | 'year' | 'half' | 'quarter' | 'month' | 'from' | 'to'>): Period {
  return makePeriod({ ...q, type: q.periodType });
}

/** 数据截至 of a query: the date given, or today (Beijing). */
export const asOfOfQuery = (q: Pick<ReportPeriodQuery, 'asOf'>, now: Date = new Date()): string => q.asOf ?? today(now);

/** A report's period as the API shows it. */
export class ReportPeriodView implements Period {
  @ApiProperty({ enum: PERIOD_TYPES }) type: PeriodType;
  @ApiProperty({ example: 2022 }) year: number;
  @ApiPropertyOptional({ description: '1 上半年 / 2 下半年' }) half?: number;
  @ApiPropertyOptional({ description: '季度' }) quarter?: number;
  @ApiPropertyOptional({ description: '1–N月的 N' }) month?: number;
  @ApiPropertyOptional({ example: '2021-09', description: '区间首月' }) from?: string;
  @ApiPropertyOptional({ example: '2022-10', description: '区间末月（含）' }) to?: string;
  @ApiProperty({ example: '2022年1–10月', description: '期间名称' }) label: string;
  @ApiProperty({ example: '2022-01-01', description: '期间首日' }) start: string;
  @ApiProperty({ example: '2022-11-01', description: '期间结束后的第一天' }) end: string;
}

export function toReportPeriodView(p: Period): ReportPeriodView {
  return { ...p, label: periodLabel(p), ...periodBounds(p) };
}

/** What a report says about its time frame: period, 数据截至, the months counted, the 序时进度 and how it was read, and the 同比 period. */
export class ReportFrameView {
  @ApiProperty({ type: ReportPeriodView, description: '统计期间' }) period: ReportPeriodView;
  @ApiProperty({ example: '2022-10-31', description: '数据截至（只计该日所在月份及以前）' }) dataAsOf: string;
  @ApiProperty({ example: '2022-01-01', description: '计入的首月首日' }) countedFrom: string;
  @ApiProperty({ example: '2022-11-01', description: '计入的末月之后的第一天（数据截至早于期间开始时等于 countedFrom）' }) countedUntil: string;
  @ApiProperty({ enum: ['months', 'days'], description: '序时进度口径：months 按月 / days 按日' }) paceConvention: PaceConvention;
  @ApiProperty({ example: '按月计（1–N月为 N/12）', description: '序时进度口径说明' }) paceLabel: string;
  @ApiProperty({ example: '83.33', description: '序时进度（%），精确计算后四舍五入保留两位小数' }) timeElapsed: string;
  @ApiProperty({ example: '2021年1–10月', description: '同比所对照的上年同期' }) previousPeriodLabel: string;
}

/** The frame of a report over `p` as of `asOf`, read by `convention`. */
export function reportFrame(p: Period, asOf: string, convention: PaceConvention): ReportFrameView & { pace: Rational; window: MonthWindow; previousWindow: MonthWindow } {
  const window = countedWindow(p, asOf);
  const fraction = paceFraction(p, asOf, convention);
  return {
    period: toReportPeriodView(p),
    dataAsOf: asOf,
    countedFrom: window.start,
    countedUntil: window.end,
    paceConvention: convention,
    paceLabel: PACE_LABELS[convention],
    timeElapsed: percentOf(fraction),
    previousPeriodLabel: periodLabel(previousYearOf(p)),
    pace: fraction,
    window,
    previousWindow: previousYearWindow(window),
  };
}

/** The view part of a frame (without the exact values the service computes with). */
export function frameView({ pace: _pace, window: _window, previousWindow: _previous, ...view }: ReturnType<typeof reportFrame>): ReportFrameView {
  return view;
}
