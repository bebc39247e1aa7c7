import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { clientKeepsUp, ReportColumn, ReportWorkbook, startXlsxDownload } from '../common/spreadsheet/report-workbook';
import { businessDate } from '../common/time/business-time';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { SummaryQuery, SummaryRow, ThreeUnExportQuery, ThreeUnItem, UnfulfilledExportQuery, UnfulfilledItem } from './dto/registry.dto';
import { CONSTRUCTION_TYPES, CONSTRUCTION_TYPE_LABELS } from './entities/project-enums';
import { UNFULFILLED_KINDS, UnfulfilledKind } from './registry.read-model';
import { RegistryService, UNFULFILLED_LABELS } from './registry.service';

/** 在建项目三未: each list's sheet, the date it is measured by, and what it holds (as GET /registry/three-un's view describes them). */
const THREE_UN_LISTS = [
  { key: 'notStarted', label: '立项未开工', date: '计划开工日期', pick: (i: ThreeUnItem) => i.plannedStartOn, note: '已签约、已注册或在办前期手续，计划开工日期已过仍未开工' },
  { key: 'startedNotBuilding', label: '开工未建设', date: '最近完成投资月份', pick: (i: ThreeUnItem) => i.lastProgressMonth, note: '开工建设中，近两个月（及本月）没有完成投资' },
  { key: 'notCompleted', label: '建设未竣工', date: '计划竣工日期', pick: (i: ThreeUnItem) => i.plannedCompletionOn, note: '开工建设中，计划竣工日期已过仍未竣工' },
] as const;

/** Every project of a 三未 list: the .xlsx is the full list, whatever a page shows. */
const ALL_PROJECTS = 1_000_000;

/** The dates a 三未 list shows: the node it stands at and the deadline it is measured against. */
const SINCE: Record<UnfulfilledKind, (i: UnfulfilledItem) => string | null> = {
  unregistered: (i) => i.signedOn,
  notStarted: (i) => i.registeredOn,
  notProducing: (i) => i.startedOn,
};

const SUMMARY_GROUP_LABELS = { county: '旗县区', chain: '产业链', year: '年度' } as const;

/**
 * The registry's reports as .xlsx, written with the report workbook from the same reads as
 * their JSON views: the 三未清单 (every project, in keyset batches, one sheet per list) and the
 * 项目汇总表 (the summary view as it is).
 */
@Injectable()
export class RegistryExportService {
  constructor(
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  /** 三未清单.xlsx: three sheets, each list in full, most overdue first; audited as a project list. */
  async unfulfilled(actor: AuthUser, query: UnfulfilledExportQuery, res: Response): Promise<void> {
    // Read before any byte is sent, so a failure here is an ordinary error response.
    const { view, rows } = await this.registry.unfulfilledInFull(actor, query);
    const listed: Record<string, number> = {};
    startXlsxDownload(res, `unfulfilled-${view.dataAsOf}`, `三未清单-${view.dataAsOf}`);
    const book = new ReportWorkbook(res);
    try {
      for (const kind of UNFULFILLED_KINDS) {
        const labels = UNFULFILLED_LABELS[kind];
        const counts = view.counts[kind];
        const sheet = book.addSheet(
          {
            sheetName: labels.label,
            title: `三未清单（${labels.label}）`,
            facts: [`数据截至：${view.dataAsOf}`, `${labels.label}项目 ${counts.count} 个，其中逾期 ${counts.overdue} 个`, ...(view.major === null ? [] : [view.major ? '重大项目' : '非重大项目'])],
            units: '金额单位：万元',
            issuer: this.rules.issuer,
            issuedOn: businessDate(new Date()),
            frozenColumns: 2,
          },
          UNFULFILLED_COLUMNS(labels.sinceLabel, labels.deadlineLabel),
        );
        listed[kind] = 0;
        for await (const batch of rows(kind)) {
          for (const i of batch) {
            sheet.addRow([i.seq, i.name, i.enterprise?.name ?? null, i.regionUnit?.name ?? null, i.industryChain?.name ?? null, i.team?.name ?? null, i.totalInvestment, i.lifecycleLabel, SINCE[kind](i), i.deadline, i.overdueDays]);
          }
          listed[kind] += batch.length;
          if (!(await clientKeepsUp(res))) {
            await this.record(actor, query, listed, false);
            return;
          }
        }
        sheet.finish([
          `说明：${labels.label}为截至数据截至日${UNFULFILLED_NOTES[kind]}；逾期天数为数据截至日减${labels.deadlineLabel}的天数，未到期为 0，未填${labels.deadlineLabel}的项目逾期天数为空、列在最后。`,
          ...(kind === 'unregistered' ? [`应注册日期为签约日期后第 ${view.registerWithinDays} 天（config/reporting.json unfulfilled.registerWithinDays）。`] : []),
        ]);
      }
      await this.record(actor, query, listed, true);
      await book.commit();
    } catch (err) {
      // Headers are out: a cut-off download is better than a file that looks complete.
      res.destroy(err as Error);
      throw err;
    }
  }

  /** One audit entry per 三未清单 export: who, which filters, how many projects per list. */
  private async record(actor: AuthUser, query: UnfulfilledExportQuery, listed: Record<string, number>, complete: boolean): Promise<void> {
    await this.audit.recordExport(actor, 'unfulfilled-export', { filters: query, rows: listed, complete });
  }

  /** 在建项目三未.xlsx: GET /registry/three-un's three lists in full, one sheet each; audited as a project list. */
  async threeUn(actor: AuthUser, query: ThreeUnExportQuery, res: Response): Promise<void> {
    const view = await this.registry.threeUn(actor, { ...query, limit: ALL_PROJECTS });
    await this.audit.recordExport(actor, 'three-un-export', {
      filters: query,
      rows: Object.fromEntries(THREE_UN_LISTS.map((l) => [l.key, view[l.key].items.length])),
      complete: true,
    });
    const title = `${view.year ? `${view.year}年` : ''}在建项目“三未”清单`;
    startXlsxDownload(res, `three-un-${view.asOf}`, `${title}-${view.asOf}`);
    const book = new ReportWorkbook(res);
    for (const list of THREE_UN_LISTS) {
      const sheet = book.addSheet(
        {
          sheetName: list.label,
          title: `${title}（${list.label}）`,
          facts: [`数据截至：${view.asOf}`, `${list.label}项目 ${view[list.key].count} 个`, ...(query.major === undefined ? [] : [query.major ? '重大项目' : '非重大项目'])],
          units: '金额单位：万元',
          issuer: this.rules.issuer,
          issuedOn: businessDate(new Date()),
          frozenColumns: 2,
        },
        THREE_UN_COLUMNS(list.date),
      );
      view[list.key].items.forEach((i, n) =>
        sheet.addRow([n + 1, i.name, i.regionUnit?.name ?? null, i.industryChain?.name ?? null, i.team?.name ?? null, i.levelLabel, i.totalInvestment, i.lifecycleLabel, i.startedOn, list.pick(i), i.overdueDays]),
      );
      sheet.finish([`说明：${list.label}为${list.note}；逾期天数为数据截至日减计划日期的天数。`]);
    }
    await book.commit();
  }

  /** 项目汇总表.xlsx: GET /registry/summary's view, one row per group and the 合计. */
  async summary(actor: AuthUser, query: SummaryQuery, res: Response): Promise<void> {
    const view = await this.registry.summary(actor, query);
    const groupLabel = SUMMARY_GROUP_LABELS[view.groupBy];
    startXlsxDownload(res, `registry-summary-${view.year}`, `${view.year}年项目汇总表（按${groupLabel}）`);
    const book = new ReportWorkbook(res);
    const sheet = book.addSheet(
      {
        sheetName: '项目汇总表',
        title: `${view.groupBy === 'year' ? `${view.year - 4}–${view.year}` : view.year}年项目汇总表（按${groupLabel}）`,
        facts: [`数据截至：${view.asOf}`, `序时进度口径：${view.paceConvention === 'months' ? '按月计' : '按日计'}`, '同比：上年同期', ...(view.major === null ? [] : [view.major ? '重大项目' : '非重大项目'])],
        units: '金额单位：万元',
        issuer: this.rules.issuer,
        issuedOn: businessDate(new Date()),
        frozenColumns: 1,
      },
      SUMMARY_COLUMNS(groupLabel),
    );
    for (const row of view.groups) sheet.addRow(summaryCells(row, view.groupBy === 'year' ? `${row.year}年` : (row.group?.name ?? '')));
    if (view.total) sheet.addRow(summaryCells(view.total, '合计'), 'total');
    sheet.finish([
      '说明：项目数、总投资、年度计划投资为列入当年年度计划的项目；完成投资为当年1月至数据截至月的月报合计；完成率 = 完成投资 ÷ 年度计划投资；超/欠进度 = 完成率 − 序时进度（百分点）。',
      '新建、续建、改扩建三项相加等于本行；同比对照上年同一时点（上年同期），增减 = 本期 − 上年同期。',
    ]);
    await book.commit();
  }
}

const UNFULFILLED_NOTES: Record<UnfulfilledKind, string> = {
  unregistered: '已签约、尚未注册（也未开工、投产）的项目',
  notStarted: '已注册、尚未开工的项目',
  notProducing: '已开工、尚未竣工投产的项目',
};

const UNFULFILLED_COLUMNS = (since: string, deadline: string): ReportColumn[] => [
  { header: '序号', format: 'index' },
  { header: '项目名称', wrap: true, width: 30 },
  { header: '投资方', wrap: true, width: 24 },
  { header: '旗县区' },
  { header: '产业链' },
  { header: '招商队' },
  { header: '总投资', format: 'amount' },
  { header: '项目阶段' },
  { header: since, format: 'date' },
  { header: deadline, format: 'date' },
  { header: '逾期天数', format: 'count' },
];

const THREE_UN_COLUMNS = (date: string): ReportColumn[] => [
  { header: '序号', format: 'index' },
  { header: '项目名称', wrap: true, width: 30 },
  { header: '旗县区' },
  { header: '产业链' },
  { header: '招商队' },
  { header: '级别' },
  { header: '总投资', format: 'amount' },
  { header: '当前阶段' },
  { header: '开工日期', format: 'date' },
  // A month (YYYY-MM) for 开工未建设, a date for the others: text either way.
  { header: date },
  { header: '逾期天数', format: 'count' },
];

const SUMMARY_COLUMNS = (groupLabel: string): ReportColumn[] => [
  { header: groupLabel },
  { group: '本期', header: '项目数', format: 'count' },
  { group: '本期', header: '总投资', format: 'amount' },
  { group: '本期', header: '年度计划投资', format: 'amount' },
  { group: '本期', header: '完成投资', format: 'amount' },
  { group: '本期', header: '完成率', format: 'percent' },
  { group: '本期', header: '序时进度', format: 'percent' },
  { group: '本期', header: '超/欠进度（百分点）', format: 'points' },
  ...CONSTRUCTION_TYPES.flatMap((t): ReportColumn[] => [
    { group: CONSTRUCTION_TYPE_LABELS[t], header: '项目数', format: 'count' },
    { group: CONSTRUCTION_TYPE_LABELS[t], header: '年度计划投资', format: 'amount' },
    { group: CONSTRUCTION_TYPE_LABELS[t], header: '完成投资', format: 'amount' },
  ]),
  { group: '上年同期', header: '项目数', format: 'count' },
  { group: '上年同期', header: '年度计划投资', format: 'amount' },
  { group: '上年同期', header: '完成投资', format: 'amount' },
  { group: '上年同期', header: '完成率', format: 'percent' },
  { group: '同比增减', header: '项目数', format: 'count' },
  { group: '同比增减', header: '年度计划投资', format: 'amount' },
  { group: '同比增减', header: '完成投资', format: 'amount' },
  { group: '同比增减', header: '完成率（百分点）', format: 'points' },
];

/** A summary row's cells, in SUMMARY_COLUMNS' order. */
function summaryCells(r: SummaryRow, label: string): Array<string | number | null> {
  const pct = (n: number | null) => (n === null ? null : n.toFixed(2));
  return [
    label,
    r.projectCount,
    r.totalInvestment,
    r.annualPlan,
    r.completedInYear,
    pct(r.planDoneRate),
    pct(r.timeElapsedRate),
    pct(r.aheadByPoints),
    ...CONSTRUCTION_TYPES.flatMap((t) => {
      const c = r.byConstruction.find((x) => x.constructionType === t);
      return [c?.projectCount ?? 0, c?.annualPlan ?? '0', c?.completedInYear ?? '0'];
    }),
    r.previous.projectCount,
    r.previous.annualPlan,
    r.previous.completedInYear,
    pct(r.previous.planDoneRate),
    r.yoy.projectCount,
    r.yoy.annualPlan,
    r.yoy.completedInYear,
    pct(r.yoy.pacePoints),
  ];
}
