import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { FundsListView, FundsReportView, ReportFundsDto, sortFundsRows, toFundsListView, toFundsRowView } from './dto/funds.dto';
import { FUNDS_SOURCE_LABELS } from './entities/project-monthly-funds.entity';
import { ProgressReadModel } from './progress.read-model';
import { projectErrors } from './projects.errors';
import { FundsInput, ProjectsProgressRepository } from './projects-progress.repository';
import { ProjectsService, reportableMonth } from './projects.service';
import { ReportMonth } from './project-rules';

/**
 * 实际到位资金: the money actually in place per project and month, by source (市外省内 / 省外 /
 * 境外) and whether it is fixed-asset investment, reported apart from 完成投资 — by the same
 * people, in the same scope, under the same month lock as the monthly progress. It counts as
 * the funds_in_place indicator (metrics/counting-rules.read-model.ts) and in 资金到位率
 * (metrics/conversion-rates.ts).
 */
@Injectable()
export class ProjectFundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    private readonly progress: ProjectsProgressRepository,
    private readonly reads: ProgressReadModel,
    private readonly audit: AuditService,
  ) {}

  /** Every month reported, oldest first: rows by source, month totals, running and overall cumulative (exact). */
  async list(actor: AuthUser, id: string): Promise<FundsListView> {
    const project = await this.projects.findVisible(this.dataSource.manager, actor, id);
    return toFundsListView(await this.reads.funds(id), project.signedAmount);
  }

  /**
   * The month's 到位资金 (PUT `YYYY-MM`): the rows given replace the month's rows, in one
   * transaction; an empty list clears the month. Not for a future month; one row per source
   * and fixed-asset flag.
   */
  async report(actor: AuthUser, id: string, monthParam: string, dto: ReportFundsDto): Promise<FundsReportView> {
    const month = reportableMonth(monthParam, '实际到位资金');
    const rows: FundsInput[] = sortFundsRows(dto.rows.map((r) => ({ source: r.source, fixedAsset: r.fixedAsset, amount: r.amount })));
    dto.rows.forEach((r, i) => {
      const first = dto.rows.findIndex((o) => o.source === r.source && o.fixedAsset === r.fixedAsset);
      if (first < i) {
        const message = `rows[${i}] 与 rows[${first}] 重复：同一月份「${FUNDS_SOURCE_LABELS[r.source]}·${r.fixedAsset ? '固定资产投资' : '非固定资产投资'}」只能填一行`;
        throw projectErrors('PROJECT_FUNDS_ROW_DUPLICATE', [{ field: `rows[${i}]`, message }], message);
      }
    });
    return this.dataSource.transaction(async (em) => {
      await this.projects.findReportable(em, actor, id);
      return this.writeMonth(em, actor, id, month, monthParam, rows);
    });
  }

  /**
   * Replaces a month's 到位资金 rows within `em`, for a project the caller may report for (checked
   * by the caller: the PUT above, or the monthly 调度 return's scope); rows sorted, one per source
   * and fixed-asset flag.
   */
  async writeMonth(em: EntityManager, actor: AuthUser, id: string, month: ReportMonth, monthParam: string, rows: FundsInput[]): Promise<FundsReportView> {
    // Serialises reports of one project's month, so `created` and the audit's "before" are true.
    await this.progress.lockMonth(em, id, month.firstDay);
    const before = sortFundsRows(await this.progress.monthFunds(em, id, month.firstDay));
    const savedAt = await this.progress.replaceMonthFunds(em, id, month.firstDay, rows, actor.id);
    const sums = await this.progress.fundsCumulativeAt(em, id, month.firstDay);
    await this.audit.record(em, actor, {
      action: 'report-funds',
      entity: 'project',
      entityId: id,
      before: before.length ? { month: monthParam, rows: before } : null,
      after: { month: monthParam, rows },
    });
    return {
      month: monthParam,
      rows: rows.map(toFundsRowView),
      total: formatWanYuan(rows.reduce((s, r) => s + toUnits(r.amount), 0n)),
      cumulative: fromNumeric(sums?.upto),
      reportedBy: { id: actor.id, name: actor.displayName },
      updatedAt: savedAt,
      created: before.length === 0,
      projectCumulative: fromNumeric(sums?.total),
    };
  }
}
