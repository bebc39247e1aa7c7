import type { EChartsOption } from './charts';

/** Type read across a room: the wall screen's chart text, in px. */
const WALL_FONT = 20;

/**
 * The tiles' month word: 本月 while the month shown is the current one, else the month itself
 * (a past year shows its last month, 12月; 1–N月 its N).
 */
export function monthTileLabel(month: string, current: string): string {
  return month === current ? '本月' : `${Number(month.slice(5, 7))}月`;
}

type Part = Record<string, unknown>;
const each = (v: unknown, f: (p: Part) => Part): unknown => (Array.isArray(v) ? v.map((p: Part) => f(p)) : v && typeof v === 'object' ? f(v as Part) : v);
const withFont = (p: Part, key: string, size: number): Part => ({ ...p, [key]: { ...(p[key] as Part | undefined), fontSize: size } });

/** A chart's option with its axis, legend and value labels at wall-screen size (ECharts' own default is 12 px). */
export function enlarge(option: EChartsOption): EChartsOption {
  const o = option as Part;
  return {
    ...o,
    xAxis: each(o.xAxis, (a) => withFont(withFont(a, 'axisLabel', WALL_FONT), 'nameTextStyle', WALL_FONT - 2)),
    yAxis: each(o.yAxis, (a) => withFont(withFont(a, 'axisLabel', WALL_FONT), 'nameTextStyle', WALL_FONT - 2)),
    legend: each(o.legend, (l) => withFont(l, 'textStyle', WALL_FONT)),
    series: each(o.series, (s) => {
      const labelled = s.label ? withFont(s, 'label', WALL_FONT) : s;
      // The 序时进度 line's label too.
      const mark = labelled.markLine as Part | undefined;
      return mark ? { ...labelled, markLine: withFont(mark, 'label', WALL_FONT - 2) } : labelled;
    }),
  } as EChartsOption;
}
