import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../../common/audit/audit.service';
import { AuthUser } from '../../common/auth/auth-user';
import { streamReport } from '../../common/spreadsheet/report-download';
import { ReportColumn, ReportValue } from '../../common/spreadsheet/report-workbook';
import { businessDate } from '../../common/time/business-time';
import { REPORTING_RULES, ReportingRules } from '../../metrics/reporting-rules';
import { LeadClaimView } from '../dto/lead-claim.dto';
import { LeadClaimKind, LeadClaimStatus } from '../entities/lead-claim.entity';
import { LeadClaimsService } from '../lead-claims.service';

/** Claims per read: one page of the list (its maximum). */
const BATCH = 200;

export const LEAD_CLAIM_KIND_LABELS: Record<LeadClaimKind, string> = { [LeadClaimKind.CoPursue]: '联合跟进', [LeadClaimKind.Transfer]: '转交' };
export const LEAD_CLAIM_STATUS_LABELS: Record<LeadClaimStatus, string> = {
  [LeadClaimStatus.Pending]: '待裁定',
  [LeadClaimStatus.Approved]: '已同意',
  [LeadClaimStatus.Rejected]: '已驳回',
  [LeadClaimStatus.Withdrawn]: '已撤回',
};

const COLUMNS: ReportColumn[] = [
  { header: '序号', format: 'index' },
  { header: '企业', wrap: true, width: 28 },
  { header: '产业链' },
  { header: '申请招商队' },
  { header: '申请人' },
  { header: '申请类型' },
  { header: '申请理由', wrap: true, width: 36 },
  { header: '持有招商队' },
  { header: '持有方阶段' },
  { header: '状态' },
  { header: '申请日期', format: 'date' },
  { header: '裁定日期', format: 'date' },
  { header: '裁定意见', wrap: true, width: 30 },
];

/** A claim as the sheet's cells: the JSON view of GET /lead-claims, column by column. */
export function claimCells(c: LeadClaimView, seq: number): ReportValue[] {
  return [
    seq,
    c.enterprise.name,
    c.industryChain.name,
    c.requestingTeam.name,
    c.requestedBy.name,
    LEAD_CLAIM_KIND_LABELS[c.kind],
    c.reason,
    c.holdingTeamName,
    c.holdingStage,
    LEAD_CLAIM_STATUS_LABELS[c.status],
    businessDate(new Date(c.createdAt)),
    c.decidedAt ? businessDate(new Date(c.decidedAt)) : null,
    c.decisionNote,
  ];
}

/**
 * 撞单申请清单 as .xlsx: the claims GET /lead-claims lists for the caller (same scope, same status
 * filter, newest first), written page by page from that same view, and audited.
 */
@Injectable()
export class LeadClaimExportService {
  constructor(
    private readonly claims: LeadClaimsService,
    private readonly audit: AuditService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async write(actor: AuthUser, status: LeadClaimStatus | undefined, res: Response): Promise<void> {
    const today = businessDate(new Date());
    await streamReport(
      res,
      {
        asciiName: `lead-claims-${today}`,
        chineseName: `撞单申请清单-${today}`,
        frame: {
          sheetName: '撞单申请',
          title: '撞单申请清单',
          facts: [`数据截至：${today}`, ...(status ? [`状态：${LEAD_CLAIM_STATUS_LABELS[status]}`] : [])],
          issuer: this.rules.issuer,
          issuedOn: today,
          frozenColumns: 2,
        },
        columns: COLUMNS,
        notes: ['说明：首报首谈——先登记并洽谈的招商队持有线索；他队申请联合跟进或转交，由同时分管双方的领导或管理员裁定。'],
      },
      this.batches(actor, status),
      (rows, complete) => this.audit.recordExport(actor, 'lead-claim-export', { filters: status ? { status } : {}, rows, complete }),
    );
  }

  private async *batches(actor: AuthUser, status: LeadClaimStatus | undefined): AsyncGenerator<ReportValue[][]> {
    let cursor: string | undefined;
    let seq = 0;
    do {
      const page = await this.claims.list(actor, { status, cursor, limit: BATCH });
      yield page.items.map((c) => claimCells(c, ++seq));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
