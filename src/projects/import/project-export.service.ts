import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../../common/audit/audit.service';
import { AuthUser } from '../../common/auth/auth-user';
import { fromNumeric } from '../../common/money/wan-yuan';
import { clientKeepsUp, ReportColumn, ReportValue, ReportWorkbook, startXlsxDownload } from '../../common/spreadsheet/report-workbook';
import { businessDate } from '../../common/time/business-time';
import { REPORTING_RULES, ReportingRules } from '../../metrics/reporting-rules';
import { LEVEL_LABELS, LIFECYCLE_LABELS, NATURE_LABELS } from '../entities/project-enums';
import { CONTINUING_LABELS, PROJECT_TABLE, ProjectColumnKey } from './project-columns';
import { ProjectListReadModel, ProjectListRow } from './project-list.read-model';
import { ProjectsRepository } from '../projects.repository';
import { ProjectExportQuery } from '../dto/project.dto';

/** Projects per database read: the export never holds more than one batch (and the writer's first rows). */
export const PROJECT_EXPORT_BATCH = 1000;

/** The sheet's columns: 序号, then the import's columns in its order, so the file is the import's template. */
export const PROJECT_EXPORT_COLUMNS: ReportColumn[] = [
  { header: '序号', format: 'index' },
  ...PROJECT_TABLE.columns.map((c): ReportColumn => ({
    header: c.header,
    format: c.kind.type === 'amount' ? 'amount' : c.kind.type === 'date' ? 'date' : 'text',
    ...(c.key === 'capacity' || c.key === 'notes' ? { wrap: true } : {}),
  })),
];

const amount = (v: string | null) => (v === null ? null : fromNumeric(v));

/** A project's cells, by the import's column keys. */
function valuesOf(p: ProjectListRow): Record<ProjectColumnKey, ReportValue> {
  return {
    id: p.id,
    name: p.name,
    enterprise: p.enterprise_name,
    creditCode: p.credit_code,
    county: p.county_name,
    chain: p.chain_name,
    nature: NATURE_LABELS[p.nature],
    continuing: p.is_continuing ? CONTINUING_LABELS.continuing : CONTINUING_LABELS.new,
    level: LEVEL_LABELS[p.level],
    lifecycle: LIFECYCLE_LABELS[p.lifecycle],
    totalInvestment: amount(p.total_investment),
    plannedStartOn: p.planned_start_on,
    startedOn: p.started_on,
    plannedCompletionOn: p.planned_completion_on,
    capacity: p.capacity,
    expectedOutputValue: amount(p.expected_output_value),
    expectedTax: amount(p.expected_tax),
    owner: p.owner_name,
    notes: p.notes,
  };
}

/**
 * GET /registry/projects.xlsx: the projects the caller may list (admin: the registry;
 * manager: the region units they manage) with the project import's columns, streamed in
 * keyset batches, and audited (entity project-export) like the enterprise export.
 */
@Injectable()
export class ProjectExportService {
  constructor(
    private readonly reads: ProjectListReadModel,
    private readonly projects: ProjectsRepository,
    private readonly audit: AuditService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async write(actor: AuthUser, res: Response, query: ProjectExportQuery = {}): Promise<void> {
    const today = businessDate(new Date());
    const filter = this.projects.filterConditions(query);
    // The first read happens before any byte is sent, so a failure there is an ordinary error response.
    let batch = await this.reads.batch(actor, null, PROJECT_EXPORT_BATCH, filter);
    startXlsxDownload(res, `projects-${today}`, `项目清单-${today}`);
    const book = new ReportWorkbook(res);
    let rows = 0;
    let audited = false;
    try {
      const sheet = book.addSheet(
        { sheetName: '项目清单', title: '项目清单', facts: [`数据截至：${today}`], units: '金额单位：万元', issuer: this.rules.issuer, issuedOn: today, frozenColumns: 3 },
        PROJECT_EXPORT_COLUMNS,
      );
      while (batch.length) {
        for (const p of batch) {
          const values = valuesOf(p);
          sheet.addRow([++rows, ...PROJECT_TABLE.columns.map((c) => values[c.key])]);
        }
        if (!(await clientKeepsUp(res))) {
          audited = true;
          await this.record(actor, query, rows, false);
          return;
        }
        if (batch.length < PROJECT_EXPORT_BATCH) break;
        const last = batch[batch.length - 1] as ProjectListRow;
        batch = await this.reads.batch(actor, { createdAt: last.created_at, id: last.id }, PROJECT_EXPORT_BATCH, filter);
      }
      sheet.finish(['说明：本表即项目导入模板。修改后可通过「导入项目清单」导回：有项目编号的行更新该项目，没有的按（项目名称、所在旗县区）匹配或新建；空白单元格不修改原值。']);
      // Recorded before the closing bytes: a file whose export could not be audited never arrives whole.
      audited = true;
      await this.record(actor, query, rows, true);
      await book.commit();
    } catch (err) {
      res.destroy(err as Error);
      if (!audited) await this.record(actor, query, rows, false).catch(() => undefined);
      throw err;
    }
  }

  private async record(actor: AuthUser, query: ProjectExportQuery, rows: number, complete: boolean): Promise<void> {
    await this.audit.recordExport(actor, 'project-export', { rows, complete, ...(Object.keys(query).length ? { filters: query } : {}) });
  }
}
