import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { lastDayBefore } from '../common/time/period';
import { AMOUNT_METRICS, Metric, METRIC_LABELS, METRICS } from '../metrics/metric';
import { RankingResultView } from './dto/ranking-view.dto';

/**
 * The spreadsheet officials circulate: title, period and units, a two-row header (metric
 * over 目标 / 完成 / 完成率), 序时进度 and the score, then the score's components (签约得分,
 * each weighted metric's points, the deductions: they add up to the score); a 合计 row (the
 * ranked units' targets and figures added up, with the overall completion) and the formula
 * with its weights beneath; frozen header, A4 landscape.
 */
export async function writeRankingXlsx(result: RankingResultView, out: Writable): Promise<void> {
  const metrics = METRICS.filter((m) => result.rows.some((r) => r.metrics.some((x) => x.metric === m)));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = book.addWorksheet('通报排名', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4', horizontalCentered: true },
    views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }],
  });
  const scoredMetrics = METRICS.filter((m) => m in result.formula.weights && result.rows.some((r) => r.score.metrics[m] !== undefined));
  const scoreCol = 2 + metrics.length * 3 + 2;
  const parts = 1 + scoredMetrics.length + 2;
  const lastCol = scoreCol + parts;
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;

  sheet.columns = [{ width: 6 }, { width: 22 }, ...metrics.flatMap(() => [{ width: 11 }, { width: 11 }, { width: 9 }]), { width: 9 }, { width: 9 }, ...Array.from({ length: parts }, () => ({ width: 10 }))];
  const title = sheet.addRow([result.title]);
  sheet.mergeCells(1, 1, 1, lastCol);
  title.height = 30;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = center;
  const info = sheet.addRow([
    `统计期间：${result.period.label}（${result.period.start} 至 ${lastDayBefore(result.period.end)}）  数据截至：${result.dataAsOf}  序时进度：${result.timeElapsed}%（口径：${result.paceLabel}）  同比：${result.previousPeriodLabel}  ${result.version === null ? '试算（未发布）' : `第${result.version}版`}  金额单位：万元`,
  ]);
  sheet.mergeCells(2, 1, 2, lastCol);
  info.getCell(1).alignment = { horizontal: 'right' };

  const head1 = ['排名', result.level === 'team' ? '招商队' : '单位', ...metrics.flatMap((m) => [METRIC_LABELS[m], '', '']), '序时进度', '得分', '得分构成', ...Array.from({ length: parts - 1 }, () => '')];
  const head2 = ['', '', ...metrics.flatMap(() => ['目标', '完成', '完成率']), '', '', '签约得分', ...scoredMetrics.map((m) => `${METRIC_LABELS[m]}得分`), '规模档次扣分', '逾期未开工扣分'];
  const h1 = sheet.addRow(head1);
  const h2 = sheet.addRow(head2);
  sheet.mergeCells(3, 1, 4, 1);
  sheet.mergeCells(3, 2, 4, 2);
  metrics.forEach((_m, i) => sheet.mergeCells(3, 3 + i * 3, 3, 5 + i * 3));
  sheet.mergeCells(3, scoreCol - 1, 4, scoreCol - 1);
  sheet.mergeCells(3, scoreCol, 4, scoreCol);
  sheet.mergeCells(3, scoreCol + 1, 3, lastCol);
  for (const row of [h1, h2]) {
    row.height = 22;
    for (let c = 1; c <= lastCol; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.alignment = center;
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    }
  }
  h1.commit();
  h2.commit();

  for (const r of result.rows) {
    const byMetric = new Map(r.metrics.map((x) => [x.metric, x]));
    const row = sheet.addRow([
      r.rank,
      r.assignee.name,
      ...metrics.flatMap((m: Metric): Array<string | number> => {
        const p = byMetric.get(m);
        return p ? [Number(p.target), Number(p.actual), Number(p.completion) / 100] : ['—', '—', '—'];
      }),
      Number(result.timeElapsed) / 100,
      r.score.total,
      r.score.signing,
      ...scoredMetrics.map((m) => r.score.metrics[m] ?? '—'),
      // Deductions as they count: negative.
      r.score.bandPenalty === 0 ? 0 : -r.score.bandPenalty,
      r.score.deduction === 0 ? 0 : -r.score.deduction,
    ]);
    for (let c = 1; c <= lastCol; c++) {
      const cell = row.getCell(c);
      cell.border = border;
      cell.alignment = c === 2 ? { vertical: 'middle' } : center;
    }
    metrics.forEach((m, i) => {
      const amount = AMOUNT_METRICS.has(m);
      row.getCell(3 + i * 3).numFmt = amount ? '#,##0.####' : '0';
      row.getCell(4 + i * 3).numFmt = amount ? '#,##0.####' : '0';
      row.getCell(5 + i * 3).numFmt = '0.00%';
    });
    row.getCell(scoreCol - 1).numFmt = '0.00%';
    for (let c = scoreCol; c <= lastCol; c++) row.getCell(c).numFmt = '0.00';
    row.commit();
  }

  // 合计: the ranked units' targets and figures added up; the completion is Σ完成 ÷ Σ目标.
  const byTotal = new Map(result.totals.metrics.map((x) => [x.metric, x]));
  const total = sheet.addRow([
    '合计',
    `${result.totals.label}（${result.totals.units}个${result.level === 'team' ? '招商队' : '单位'}）`,
    ...metrics.flatMap((m: Metric): Array<string | number> => {
      const p = byTotal.get(m);
      return p ? [Number(p.target), Number(p.actual), Number(p.completion) / 100] : ['—', '—', '—'];
    }),
    Number(result.timeElapsed) / 100,
    ...Array.from({ length: 1 + parts }, () => ''),
  ]);
  for (let c = 1; c <= lastCol; c++) {
    const cell = total.getCell(c);
    cell.border = border;
    cell.font = { bold: true };
    cell.alignment = c === 2 ? { vertical: 'middle' } : center;
  }
  metrics.forEach((m, i) => {
    const amount = AMOUNT_METRICS.has(m);
    total.getCell(3 + i * 3).numFmt = amount ? '#,##0.####' : '0';
    total.getCell(4 + i * 3).numFmt = amount ? '#,##0.####' : '0';
    total.getCell(5 + i * 3).numFmt = '0.00%';
  });
  total.getCell(scoreCol - 1).numFmt = '0.00%';
  total.commit();

  const noteRow = 4 + result.rows.length + 2;
  const note = sheet.addRow([`评分公式：${result.formulaText}`]);
  sheet.mergeCells(noteRow, 1, noteRow, lastCol);
  note.height = 48;
  note.getCell(1).alignment = { vertical: 'top', wrapText: true };
  note.commit();
  if (result.correctionNote !== null) {
    const correction = sheet.addRow([`更正说明（第${result.version}版）：${result.correctionNote}`]);
    sheet.mergeCells(noteRow + 1, 1, noteRow + 1, lastCol);
    correction.getCell(1).alignment = { vertical: 'top', wrapText: true };
    correction.commit();
  }
  sheet.commit();
  await book.commit();
}
