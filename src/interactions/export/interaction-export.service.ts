import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../../common/audit/audit.service';
import { AuthUser } from '../../common/auth/auth-user';
import { streamReport } from '../../common/spreadsheet/report-download';
import { ReportValue } from '../../common/spreadsheet/report-workbook';
import { businessDate } from '../../common/time/business-time';
import { reportFormat } from '../../leads/lead-sheet';
import { REPORTING_RULES, ReportingRules } from '../../metrics/reporting-rules';
import { InteractionQuery } from '../dto/interaction.dto';
import { INTERACTION_TYPE_LABELS } from '../entities/interaction.entity';
import { INTERACTION_SHEET_COLUMNS, InteractionSheetKey } from '../interaction-sheet';
import type { InteractionViewRow } from '../interaction-views.read-model';
import { InteractionsService } from '../interactions.service';
import { UsersService } from '../../users/users.service';

/** Interactions per database read. */
export const INTERACTION_EXPORT_BATCH = 1000;

export type InteractionExportQuery = Omit<InteractionQuery, 'cursor' | 'limit'>;

/** Participants in one cell, as the import splits them. */
export const PARTICIPANT_SEPARATOR = '、';

/**
 * An interaction as the sheet's cells, by column: what the export writes and the import reads
 * back. `people` names users as the import finds them (UsersService.sheetNames).
 */
export function interactionSheetValues(i: InteractionViewRow, people: Map<string, string> = new Map()): Record<InteractionSheetKey, ReportValue> {
  return {
    id: i.id,
    occurredOn: businessDate(new Date(i.occurred_at)),
    enterprise: i.enterprise_name,
    creditCode: i.enterprise_credit_code,
    type: INTERACTION_TYPE_LABELS[i.type],
    team: i.team_sheet_name,
    author: people.get(i.author_id) ?? i.author_name,
    participants: i.participants.map((p) => people.get(p.id) ?? p.name).join(PARTICIPANT_SEPARATOR) || null,
    contacts: i.contacts.map((c) => c.name).join(PARTICIPANT_SEPARATOR) || null,
    location: i.location,
    summary: i.summary,
    outcome: i.outcome,
    nextFollowUpOn: i.next_follow_up_at ? businessDate(new Date(i.next_follow_up_at)) : null,
  };
}

/**
 * 走访记录台账 as .xlsx: the interactions the caller sees with the list's filters, in the history
 * import's columns (the import template; an admin's export re-imports unchanged), streamed in
 * keyset batches through the report workbook, and audited (filters and count).
 */
@Injectable()
export class InteractionExportService {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async write(actor: AuthUser, query: InteractionExportQuery, res: Response): Promise<void> {
    const today = businessDate(new Date());
    await streamReport(
      res,
      {
        asciiName: `interactions-${today}`,
        chineseName: `走访记录台账-${today}`,
        frame: { sheetName: '走访记录', title: '走访记录台账', facts: [`数据截至：${today}`], issuer: this.rules.issuer, issuedOn: today, frozenColumns: 3 },
        columns: INTERACTION_SHEET_COLUMNS.map((c) => ({ header: c.header, format: reportFormat(c.kind), width: c.width, wrap: c.key === 'summary' || c.key === 'outcome' })),
        notes: ['说明：本表可直接作为历史走访记录导入模板（POST /imports/interactions）。「记录编号」为系统编号，新增记录留空；走访人员、对接人用「、」分隔（对接人须已在企业库中登记为该企业的联系人）；早于导入当天的下次跟进日期按已过期处理，不再提醒。'],
      },
      this.batches(actor, query),
      (rows, complete) => this.record(actor, query, rows, complete),
    );
  }

  private async *batches(actor: AuthUser, query: InteractionExportQuery): AsyncGenerator<ReportValue[][]> {
    for await (const rows of this.interactions.exportRows(actor, query, INTERACTION_EXPORT_BATCH)) {
      const people = await this.users.sheetNames(rows.flatMap((r) => [r.author_id, ...r.participants.map((p) => p.id)]));
      yield rows.map((r) => {
        const values = interactionSheetValues(r, people);
        return INTERACTION_SHEET_COLUMNS.map((c) => values[c.key]);
      });
    }
  }

  /** One audit entry per export: who, with which filters, how many records, whether the file went out whole. */
  private async record(actor: AuthUser, query: InteractionExportQuery, rows: number, complete: boolean): Promise<void> {
    await this.audit.recordExport(actor, 'interaction-export', { filters: query, rows, complete });
  }
}
