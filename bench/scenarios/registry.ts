import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { SummaryGroupBy } from '../../src/projects/dto/registry.dto';
import { ProjectsRepository } from '../../src/projects/projects.repository';
import { RegistryReadModel } from '../../src/projects/registry.read-model';
import { RegistryService } from '../../src/projects/registry.service';
import { AccessRepository } from '../../src/access/access.repository';
import { loadReportingRules } from '../../src/metrics/reporting-rules';
import { beijingToday } from '../data/common';
import type { Scenario } from '../scenario';
import { actors, authUser, bareSql, describeDataset, fetchAs, httpGet, same } from './issue-helpers';

/**
 * Issue 5's registry summary (项目调度) at 50,000 projects and five years of year plans and
 * monthly progress, for the city-wide admin, by county, industry chain and year. The bare-SQL
 * twin is the statement ProjectsRepository.summaryFigures itself builds for that request
 * (captured, not copied), so the ratio is what the endpoint adds around its one big query.
 */
const GROUP = 'issue5';
const PARTS = ['projects'] as const;

/** The SQL and parameters RegistryService.summary sends for `groupBy`, without a database. */
async function summaryStatement(user: AuthUser, groupBy: SummaryGroupBy): Promise<{ text: string; values: unknown[] }> {
  let captured: { text: string; values: unknown[] } | undefined;
  // TypeORM's own :name → $n escaping, on a driver that never connects; its pool (`master`) takes
  // the statements sent prepared (queryPrepared), the manager those sent through TypeORM.
  const master = {
    query: async (q: { text: string; values: unknown[] }) => {
      captured ??= { text: q.text, values: q.values };
      return { rows: [] };
    },
  };
  const driver = Object.assign(Object.create(PostgresDriver.prototype) as PostgresDriver, { parametersPrefix: '$', master });
  const dataSource = {
    driver,
    manager: {
      query: async (text: string, values: unknown[]) => {
        captured ??= { text, values };
        return [];
      },
    },
    query: async () => [],
  };
  const repo = new ProjectsRepository(dataSource as never, new AccessRepository(undefined as never), loadReportingRules());
  await new RegistryService(repo, new RegistryReadModel(dataSource as never, repo), loadReportingRules()).computeSummary(user, { groupBy });
  if (!captured) throw new Error('RegistryService.summary sent no statement');
  return captured;
}

type Summary = { groups: Array<{ group: { id: string | null } | null; year: number; projectCount: number; completedInYear: string }> };

function summary(groupBy: SummaryGroupBy): Scenario[] {
  const bareName = `registry/summary?groupBy=${groupBy}: bare SQL`;
  const path = `/api/v1/registry/summary?groupBy=${groupBy}`;
  return [
    httpGet({
      name: `GET /api/v1/registry/summary?groupBy=${groupBy} (admin)`,
      group: GROUP,
      baseline: bareName,
      parts: [...PARTS],
      who: (ctx) => actors(ctx).admin,
      path: () => path,
      describe: (body, _ctx, d) =>
        `${(body as Summary).groups.length} rows over ${describeDataset(d, ['projects', 'project_year_plans', 'project_monthly_progress'])}`,
    }),
    bareSql({
      name: bareName,
      group: GROUP,
      parts: [...PARTS],
      what: "ProjectsRepository.summaryFigures' statement for this request (project_summary_cells of the periods' years, this month's starts live)",
      statement: async (ctx) => summaryStatement(await authUser(ctx, actors(ctx).admin), groupBy),
      check: async (rows, ctx) => {
        const http = await fetchAs<Summary>(ctx, actors(ctx).admin, path);
        // Each HTTP row's count is the statement's row for its year's period (the one to
        // today's month this year, whole years before) and its group.
        const today = beijingToday();
        // (A period's key is year:months:last day, RegistryService.summary's periodOf.)
        const past = (year: number) => Number(today.slice(0, 4)) > year;
        const key = (year: number) => `${year}:${past(year) ? 12 : Number(today.slice(5, 7))}:${past(year) ? `${year}-12-31` : today}`;
        const count = (year: number, group: string | null) =>
          rows.filter((r) => r.key === key(year) && (r.group_id ?? null) === group).reduce((n, r) => n + Number(r.projects), 0);
        const mine = http.groups.map((g) => count(g.year, g.group?.id ?? null));
        return `${rows.length} figure rows (this period and the year before); same project counts as the HTTP rows: ${same(mine, http.groups.map((g) => g.projectCount))}`;
      },
    }),
  ];
}

export const [summaryCounty, summaryCountySql] = summary('county');
export const [summaryChain, summaryChainSql] = summary('chain');
export const [summaryYear, summaryYearSql] = summary('year');
