import { DashboardService } from '../../src/dashboard/dashboard.service';
import { RankingQuery } from '../../src/rankings/dto/ranking.dto';
import { RankingsService } from '../../src/rankings/rankings.service';
import { captureStatements, replayLoad } from '../data/capture';
import { ensureData, takeLoadLog } from '../data/dataset';
import type { Dataset } from '../data/dataset';
import type { OnceLoad, Scenario } from '../scenario';
import { actors, authUser, describeDataset, httpGet, load1 } from './issue-helpers';
import { SUMMARY_VIEWS } from '../../src/metrics/registry-figures.read-model';

/**
 * Issue 6 at 3,000 teams, 1,000,000 interactions, 100,000 leads and 50,000 projects, with a
 * year target for every team and every region unit: the ranking preview by team and by
 * unit (counties, the service's default regionLevel) and the admin's dashboard (target:
 * both under 200 ms p99), each beside the very statements the service sends for it,
 * captured in-process and replayed; and one REFRESH … CONCURRENTLY of the view.
 */
const GROUP = 'issue6';
const PARTS = ['projects', 'targets', 'metrics'] as const;

type Ranking = { rows: unknown[] };

function ranking(level: 'team' | 'unit'): Scenario[] {
  const bareName = `rankings/preview level=${level}: bare SQL`;
  const path = (d: Dataset) => `/api/v1/rankings/preview?periodType=year&year=${d.year}&level=${level}`;
  return [
    httpGet({
      name: `GET /api/v1/rankings/preview?periodType=year&level=${level} (admin)`,
      group: GROUP,
      baseline: bareName,
      parts: [...PARTS],
      who: (ctx) => actors(ctx).admin,
      path: (_ctx, d) => path(d),
      describe: (body, _ctx, d) => `year ${d.year}: ${(body as Ranking).rows.length.toLocaleString('en-US')} ${level}s ranked on ${describeDataset(d, ['team_month_metrics'])}`,
    }),
    {
      name: bareName,
      group: GROUP,
      async setup(ctx): Promise<OnceLoad> {
        const d = await ensureData(ctx, [...PARTS]);
        const loaded = takeLoadLog(d);
        const query = { periodType: 'year', year: d.year, level } as RankingQuery;
        const { statements, result } = await captureStatements(ctx.databaseUrl, (app) => app.get(RankingsService).compute(query));
        return replayLoad(
          statements,
          ctx.databaseUrl,
          `the ${statements.length} statements RankingsService.compute sent for ${result.rows.length} ${level}s (captured in-process), replayed at once per request on a 20-connection pool${loaded ? `; ${loaded}` : ''}`,
        );
      },
    },
  ];
}

export const [rankingTeams, rankingTeamsSql] = ranking('team');
export const [rankingUnits, rankingUnitsSql] = ranking('unit');

type Dashboard = { signing: { projects: number; amount: string }; registry: { projects: number }; topTeams: unknown[]; trends: unknown[] };

const dashboardBareName = 'dashboard (admin): bare SQL';

export const dashboard: Scenario = httpGet({
  name: 'GET /api/v1/dashboard (admin)',
  group: GROUP,
  baseline: dashboardBareName,
  parts: [...PARTS],
  who: (ctx) => actors(ctx).admin,
  path: () => '/api/v1/dashboard',
  describe: (body) => {
    const b = body as Dashboard;
    return `${b.signing.projects} projects signed this year, ${b.registry.projects.toLocaleString('en-US')} in the registry, ${b.trends.length} months of trends, top/bottom five of the team ranking`;
  },
});

export const dashboardBareSql: Scenario = {
  name: dashboardBareName,
  group: GROUP,
  async setup(ctx): Promise<OnceLoad> {
    const d = await ensureData(ctx, [...PARTS]);
    const loaded = takeLoadLog(d);
    const admin = await authUser(ctx, actors(ctx).admin);
    const { statements } = await captureStatements(ctx.databaseUrl, (app) => app.get(DashboardService).dashboard(admin, { year: d.year }));
    return replayLoad(
      statements,
      ctx.databaseUrl,
      `the ${statements.length} statements DashboardService.dashboard sent for the admin (trends, board, signings, targets, registry, conversion, by county and chain, the team ranking; captured in-process), replayed at once per request on a 20-connection pool${loaded ? `; ${loaded}` : ''}`,
    );
  },
};

const refreshPlainName = 'REFRESH MATERIALIZED VIEW of the summary views (plain, timed at load)';

/** The plain refresh the data load ran, timed then: what CONCURRENTLY is compared with. */
export const refreshPlain: Scenario = {
  name: refreshPlainName,
  group: GROUP,
  async setup(ctx): Promise<OnceLoad> {
    const d = await ensureData(ctx, [...PARTS]);
    const loaded = takeLoadLog(d);
    return {
      kind: 'once',
      note: `${loaded ? `${loaded}; ` : ''}${describeDataset(d, ['team_month_metrics'])} from ${describeDataset(d, ['interactions', 'leads', 'signings', 'projects', 'project_monthly_progress'])}`,
      run: async () => {
        const seconds = d.refreshSeconds ?? NaN;
        return { requests: 1, errors: 0, seconds, p50: seconds * 1000, p99: seconds * 1000 };
      },
    };
  },
};

/** REFRESH … CONCURRENTLY of every summary view, as the metrics-refresh job runs it every minute (nothing changed since: its usual case). */
export const refreshConcurrently: Scenario = {
  name: 'REFRESH MATERIALIZED VIEW CONCURRENTLY of the summary views (the metrics job)',
  group: GROUP,
  baseline: refreshPlainName,
  async setup(ctx): Promise<OnceLoad> {
    const loaded = takeLoadLog(await ensureData(ctx, [...PARTS]));
    return {
      kind: 'once',
      note: `load avg ${load1()}${loaded ? `; ${loaded}` : ''}`,
      run: async () => {
        const each: string[] = [];
        const t0 = process.hrtime.bigint();
        for (const view of SUMMARY_VIEWS) {
          const v0 = process.hrtime.bigint();
          await ctx.db.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
          each.push(`${view} ${(Number(process.hrtime.bigint() - v0) / 1e9).toFixed(1)} s`);
        }
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        return { requests: 1, errors: 0, seconds: ms / 1000, p50: ms, p99: ms, note: `${(ms / 1000).toFixed(1)} s (${each.join(', ')}); the job runs it every minute` };
      },
    };
  },
};
