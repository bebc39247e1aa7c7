import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { businessDate } from '../common/time/business-time';
import { Metric, METRIC_LABELS, METRICS } from '../metrics/metric';
import { RankingResultView } from './dto/ranking-view.dto';

/**
 * The spreadsheet officials circulate: title, period and units, a two-row header (metric
 * over 目标 / 完成 / 完成率), 序时进度 and the score; frozen header, A4 landscape.
 */
export async function writeRankingXlsx(result: RankingResultView, out: Writable): Promise<void> {
  const metrics = METRICS.filter((m) => result.rows.some((r) => r.metrics.some((x) => x.metric === m)));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = book.addWorksheet('通报排名', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4', horizontalCentered: true },
    views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }],
  });
  const lastCol = 2 + metrics.length * 3 + 2;
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;

  sheet.columns = [{ width: 6 }, { width: 22 }, ...metrics.flatMap(() => [{ width: 11 }, { width: 11 }, { width: 9 }]), { width: 9 }, { width: 9 }];
  const title = sheet.addRow([result.title]);
  sheet.mergeCells(1, 1, 1, lastCol);
  title.height = 30;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = center;
  const info = sheet.addRow([
    `统计期间：${result.period.label}（${result.period.start} 至 ${businessDate(new Date(Date.parse(`${result.period.end}T00:00:00+08:00`) - 1))}）  序时进度：${result.timeElapsed}%  数据截至：${businessDate(new Date(result.asOf))}  金额单位：万元`,
  ]);
  sheet.mergeCells(2, 1, 2, lastCol);
  info.getCell(1).alignment = { horizontal: 'right' };

  const head1 = ['排名', result.level === 'team' ? '招商队' : '单位', ...metrics.flatMap((m) => [METRIC_LABELS[m], '', '']), '序时进度', '得分'];
  const head2 = ['', '', ...metrics.flatMap(() => ['目标', '完成', '完成率']), '', ''];
  const h1 = sheet.addRow(head1);
  const h2 = sheet.addRow(head2);
  sheet.mergeCells(3, 1, 4, 1);
  sheet.mergeCells(3, 2, 4, 2);
  metrics.forEach((_m, i) => sheet.mergeCells(3, 3 + i * 3, 3, 5 + i * 3));
  sheet.mergeCells(3, lastCol - 1, 4, lastCol - 1);
  sheet.mergeCells(3, lastCol, 4, lastCol);
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
    ]);
    for (let c = 1; c <= lastCol; c++) {
      const cell = row.getCell(c);
      cell.border = border;
      cell.alignment = c === 2 ? { vertical: 'middle' } : center;
    }
    metrics.forEach((m, i) => {
      const amount = m === Metric.SignedAmount || m === Metric.CompletedInvestment;
      row.getCell(3 + i * 3).numFmt = amount ? '#,##0.####' : '0';
      row.getCell(4 + i * 3).numFmt = amount ? '#,##0.####' : '0';
      row.getCell(5 + i * 3).numFmt = '0.00%';
    });
    row.getCell(lastCol - 1).numFmt = '0.00%';
    row.getCell(lastCol).numFmt = '0.00';
    row.commit();
  }
  sheet.commit();
  await book.commit();
}
