import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { formatWanYuan, fromNumeric, toUnits, wanYuanToYiYuan } from '../common/money/wan-yuan';
import { ReportWorkbook, startXlsxDownload } from '../common/spreadsheet/report-workbook';
import { businessDate } from '../common/time/business-time';
import { LeadsRepository } from '../leads/leads.repository';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { reviewStatusLabel, RosterItem, RosterSort, RosterTotal, SigningRosterView } from './dto/signing.dto';
import { AGREEMENT_TYPE_LABELS, SigningKind, SigningReviewStatus } from './entities/signing.entity';
import { SigningEventsService } from './signing-events.service';
import { SigningViewsReadModel } from './signing-views.read-model';

const KIND_LABELS: Record<SigningKind, string> = { [SigningKind.Initial]: '首次签约', [SigningKind.Supplement]: '补充签约' };

/** The 网签项目清单 of a signing event, as JSON and as the .xlsx officials print, from one read. */
@Injectable()
export class SigningRosterService {
  constructor(
    private readonly events: SigningEventsService,
    private readonly readModel: SigningViewsReadModel,
    private readonly leads: LeadsRepository,
    private readonly audit: AuditService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async roster(actor: AuthUser, eventId: string, sort: RosterSort = 'registered'): Promise<SigningRosterView> {
    const event = await this.events.get(eventId);
    const rows = await this.readModel.roster(eventId, this.leads.scoped(actor).select('l.id'), sort);
    const items: RosterItem[] = rows.map((r, i) => ({
      seq: i + 1,
      signingId: r.id,
      projectName: r.lead_title,
      enterprise: { id: r.enterprise_id, name: r.enterprise_name },
      amount: fromNumeric(r.amount),
      kind: r.kind as SigningKind,
      kindLabel: KIND_LABELS[r.kind as SigningKind],
      agreementTypeLabel: AGREEMENT_TYPE_LABELS[r.agreement_type],
      landingRegionUnit: { id: r.landing_region_unit_id, name: r.landing_name },
      industryChain: r.industry_chain_id ? { id: r.industry_chain_id, name: r.chain_name ?? '' } : null,
      team: { id: r.team_id, name: r.team_name },
      reviewStatus: r.review_status,
      reviewStatusLabel: reviewStatusLabel(r.review_status, r.reviewed_at),
      counted: r.review_status === SigningReviewStatus.Approved,
    }));
    return { event, items, total: totalOf(items), counted: totalOf(items.filter((i) => i.counted)) };
  }

  /** 网签项目清单.xlsx: the roster view as the table, its totals in 万元 and 亿元; audited as a project list. */
  async xlsx(actor: AuthUser, eventId: string, res: Response, sort: RosterSort = 'registered'): Promise<void> {
    const view = await this.roster(actor, eventId, sort);
    const { event } = view;
    await this.audit.recordExport(actor, 'signing-roster-export', { signingEventId: event.id, rows: view.items.length, complete: true });
    startXlsxDownload(res, `signing-roster-${event.heldOn}`, `${event.name}签约项目清单`);
    const book = new ReportWorkbook(res);
    const sheet = book.addSheet(
      {
        sheetName: '签约项目清单',
        title: `${event.name}签约项目清单`,
        facts: [`签约日期：${event.heldOn}`, ...(event.location ? [`地点：${event.location}`] : []), `签约项目 ${view.items.length} 笔，签约额 ${view.total.amountYi} 亿元`],
        units: '金额单位：万元',
        issuer: this.rules.issuer,
        issuedOn: businessDate(new Date()),
        orientation: 'landscape',
        frozenColumns: 2,
      },
      [
        { header: '序号', format: 'index' },
        { header: '项目名称', wrap: true, width: 34 },
        { header: '投资方', wrap: true, width: 28 },
        { header: '签约额（万元）', format: 'amount' },
        { header: '签约类型' },
        { header: '落地旗县区' },
        { header: '所属产业链' },
        { header: '招商队' },
        { header: '认定状态' },
      ],
    );
    for (const i of view.items) sheet.addRow([i.seq, i.projectName, i.enterprise.name, i.amount, i.kindLabel, i.landingRegionUnit.name, i.industryChain?.name ?? null, i.team.name, i.reviewStatusLabel]);
    sheet.addRow(['合计', `${view.total.signings}笔`, null, view.total.amount, null, null, null, null, null], 'total');
    const notes = [`签约额合计 ${view.total.amount} 万元，即 ${view.total.amountYi} 亿元。`];
    if (view.counted.signings !== view.total.signings) notes.push(`其中已认定、计入签约统计的 ${view.counted.signings} 笔，${view.counted.amount} 万元（${view.counted.amountYi} 亿元）；待认定或不予认定的签约不计入。`);
    notes.push('补充签约（增资扩产）的签约额为增加的金额。');
    sheet.finish(notes);
    await book.commit();
  }
}

/** Count and exact sum of the items (万元 and 亿元). */
function totalOf(items: RosterItem[]): RosterTotal {
  const amount = formatWanYuan(items.reduce((s, i) => s + toUnits(i.amount), 0n));
  return { signings: items.length, amount, amountYi: wanYuanToYiYuan(amount) };
}
