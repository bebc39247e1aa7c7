import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../../common/audit/audit.service';
import { AuthUser } from '../../common/auth/auth-user';
import { fromNumeric } from '../../common/money/wan-yuan';
import { streamReport } from '../../common/spreadsheet/report-download';
import { ReportValue } from '../../common/spreadsheet/report-workbook';
import { businessDate } from '../../common/time/business-time';
import { REPORTING_RULES, ReportingRules } from '../../metrics/reporting-rules';
import { LeadQuery } from '../dto/lead.dto';
import { LEAD_SOURCE_LABELS, LEAD_STAGE_LABELS, LeadStage } from '../entities/lead-stage';
import { LEAD_SHEET_COLUMNS, LeadSheetKey, reportFormat } from '../lead-sheet';
import type { LeadViewRow } from '../lead-views.read-model';
import { LeadsService } from '../leads.service';
import { UsersService } from '../../users/users.service';

/** Leads per database read: the export never holds more than one batch (and the widths' sample). */
export const LEAD_EXPORT_BATCH = 1000;

/** Co-pursuing teams in one cell, as the import splits them. */
export const TEAM_SEPARATOR = '、';

export type LeadExportQuery = Omit<LeadQuery, 'cursor' | 'limit' | 'sort' | 'order'>;

/**
 * A lead as the sheet's cells, by column: what the export writes and the import reads back.
 * `people` names users as the import finds them (UsersService.sheetNames).
 */
export function leadSheetValues(l: LeadViewRow, people: Map<string, string> = new Map()): Record<LeadSheetKey, ReportValue> {
  const side = l.stage === LeadStage.OnHold || l.stage === LeadStage.Lost;
  return {
    id: l.id,
    title: l.title,
    enterprise: l.enterprise_name,
    creditCode: l.enterprise_credit_code,
    team: l.team_sheet_name,
    coTeams: l.co_teams.map((c) => c.sheetName ?? c.name).join(TEAM_SEPARATOR) || null,
    owner: people.get(l.owner_id) ?? l.owner_name,
    industryChain: l.chain_name,
    targetRegion: l.target_region_unit_name,
    sourceRegion: l.source_region_name,
    intendedAmount: fromNumeric(l.intended_amount),
    expectedSignDate: l.expected_sign_date,
    source: LEAD_SOURCE_LABELS[l.source],
    isAnchor: l.is_anchor ? '是' : '否',
    stage: LEAD_STAGE_LABELS[l.stage],
    sideStateReason: side ? l.side_state_reason : null,
    registeredOn: businessDate(new Date(l.created_at)),
    notes: l.notes,
  };
}

/**
 * 招商线索台账 as .xlsx: the leads the caller sees with the list's filters, in the history
 * import's columns (the import template; an admin's export re-imports unchanged), streamed in
 * keyset batches through the report workbook, and audited (filters and count).
 */
@Injectable()
export class LeadExportService {
  constructor(
    private readonly leads: LeadsService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async write(actor: AuthUser, query: LeadExportQuery, res: Response): Promise<void> {
    const now = new Date();
    const today = businessDate(now);
    const batches = this.batches(actor, query);
    await streamReport(
      res,
      {
        asciiName: `leads-${today}`,
        chineseName: `招商线索台账-${today}`,
        frame: { sheetName: '招商线索', title: '招商线索台账', facts: [`数据截至：${today}`], units: '金额单位：万元', issuer: this.rules.issuer, issuedOn: today, frozenColumns: 2 },
        columns: LEAD_SHEET_COLUMNS.map((c) => ({ header: c.header, format: reportFormat(c.kind), width: c.width, wrap: c.key === 'notes' })),
        notes: ['说明：本表可直接作为历史线索导入模板（POST /imports/leads）。「线索编号」为系统编号，新增线索留空；联合跟进招商队用「、」分隔，同名招商队写作「区域/队名」；已签约的项目须在系统中登记签约，不能作为新线索导入。'],
      },
      batches,
      (rows, complete) => this.record(actor, query, rows, complete),
    );
  }

  private async *batches(actor: AuthUser, query: LeadExportQuery): AsyncGenerator<ReportValue[][]> {
    for await (const rows of this.leads.exportRows(actor, query, LEAD_EXPORT_BATCH)) {
      const people = await this.users.sheetNames(rows.map((r) => r.owner_id));
      yield rows.map((r) => {
        const values = leadSheetValues(r, people);
        return LEAD_SHEET_COLUMNS.map((c) => values[c.key]);
      });
    }
  }

  /** One audit entry per export: who, with which filters, how many leads, whether the file went out whole. */
  private async record(actor: AuthUser, query: LeadExportQuery, rows: number, complete: boolean): Promise<void> {
    await this.audit.recordExport(actor, 'lead-export', { filters: query, rows, complete });
  }
}
