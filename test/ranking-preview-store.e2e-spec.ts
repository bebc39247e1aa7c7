import { Role } from '../src/common/auth/auth-user';
import { businessDate } from '../src/common/time/business-time';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { MetricsService } from '../src/metrics/metrics.service';
import { RefreshMetricsJob } from '../src/metrics/refresh-metrics.job';
import { RankingQuery } from '../src/rankings/dto/ranking.dto';
import { RankingsService } from '../src/rankings/rankings.service';
import { Client } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type Body = { title: string; rows: Array<{ rank: number; assignee: { id: string }; score: { total: number } }>; asOf: string };

/** This year's, as the worker warms it: the year's previews by team and by county, 数据截至 today. */
const YEAR = Number(businessDate(new Date()).slice(0, 4));

/**
 * The preview every API process reads (issue 18): the refresh job stores this year's previews
 * in ranking_previews for the figures' version it produced; the API serves a stored preview of
 * the current version instead of computing it, and computes (and stores) it when the stored one
 * is of another version.
 */
describe('ranking previews stored for every process', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  let managerY: Client;
  const query = (level: 'team' | 'unit') => ({ periodType: 'year', year: YEAR, level });
  const stored = async () =>
    (await t.db.query(`SELECT key, version, json FROM ranking_previews ORDER BY key`)) as Array<{ key: string; version: string; json: string }>;
  const fresh = async (level: 'team' | 'unit') => JSON.parse(JSON.stringify(await t.app.get(RankingsService).compute(Object.assign(new RankingQuery(), query(level))))) as Body;

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    [admin, managerY] = [await tf.crm.client(Role.Admin), await tf.crm.as(org.managerY)];
    for (const [member, n] of [[org.memberB, 2], [org.memberC, 3]] as const) {
      for (let i = 0; i < n; i++) await tf.interaction(member, (await tf.crm.enterprise()).id, `${YEAR}-01-1${i}`, InteractionType.Visit);
    }
    for (const team of [org.teamA, org.teamB, org.teamC]) await tf.assign({ periodType: 'year', year: YEAR, teamId: team.id, values: { visits: 4 } });
    for (const county of [org.countyX, org.countyY]) await tf.assign({ periodType: 'year', year: YEAR, regionUnitId: county.id, values: { visits: 4 } });
  }, 120_000);
  afterAll(() => t.close());

  it('the refresh job stores this year’s previews by team and by county, equal to a fresh computation', async () => {
    await t.app.get(RefreshMetricsJob).run();
    const version = await t.app.get(MetricsService).figuresVersion(YEAR);
    const rows = await stored();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.version === version)).toBe(true);
    const byLevel = Object.fromEntries(rows.map((r) => [(JSON.parse(r.json) as { level: string }).level, JSON.parse(r.json) as Body]));
    expect(byLevel.team).toEqual(await fresh('team'));
    expect(byLevel.unit).toEqual(await fresh('unit'));
    expect(byLevel.team?.rows.map((r) => r.assignee.id)).toEqual([org.teamC.id, org.teamB.id, org.teamA.id]);
  });

  it('the API serves the stored preview of the current version (computed by another process)', async () => {
    // The stored team preview, retitled by hand: only a read of the store can answer this title.
    // A change outside the year moves the figures' version without moving this year's ranking,
    // so this process's own cache holds nothing of the new version.
    await tf.interaction(org.memberB, (await tf.crm.enterprise()).id, `${YEAR - 1}-06-01`, InteractionType.Visit);
    await tf.refresh();
    const version = await t.app.get(MetricsService).figuresVersion(YEAR);
    const computed = await fresh('team');
    const marked = { ...computed, title: '另一进程算好的排名' };
    const [{ key }] = (await t.db.query(`SELECT key FROM ranking_previews WHERE json::jsonb ->> 'level' = 'team'`)) as Array<{ key: string }>;
    await t.db.query(`UPDATE ranking_previews SET version = $2, json = $3, gzip = $4 WHERE key = $1`, [key, version, JSON.stringify(marked), await gzipped(JSON.stringify(marked))]);
    const body = (await admin.get('/rankings/preview').query(query('team')).expect(200)).body as Body;
    expect(body.title).toBe('另一进程算好的排名');
    expect(body.rows).toEqual(computed.rows);
    // A manager's preview is the stored city-wide one cut to their scope, ranks kept.
    const scoped = (await managerY.get('/rankings/preview').query(query('team')).expect(200)).body as Body;
    expect(scoped.rows.map((r) => [r.rank, r.assignee.id])).toEqual([[1, org.teamC.id]]);
  });

  it('a stored preview of another version is ignored: the API computes the current one and stores it', async () => {
    await tf.interaction(org.memberA, (await tf.crm.enterprise()).id, `${YEAR}-02-01`, InteractionType.Visit);
    await tf.interaction(org.memberA, (await tf.crm.enterprise()).id, `${YEAR}-02-02`, InteractionType.Visit);
    await tf.interaction(org.memberA, (await tf.crm.enterprise()).id, `${YEAR}-02-03`, InteractionType.Visit);
    await tf.interaction(org.memberA, (await tf.crm.enterprise()).id, `${YEAR}-02-04`, InteractionType.Visit);
    await tf.refresh();
    const version = await t.app.get(MetricsService).figuresVersion(YEAR);
    const body = (await admin.get('/rankings/preview').query(query('team')).expect(200)).body as Body;
    const computed = await fresh('team');
    expect(body.rows).toEqual(computed.rows);
    expect(body.rows.map((r) => r.assignee.id)).toEqual([org.teamA.id, org.teamC.id, org.teamB.id]);
    const team = (await stored()).find((r) => (JSON.parse(r.json) as Body & { level: string }).level === 'team');
    expect(team?.version).toBe(version);
    expect((JSON.parse(team?.json ?? '{}') as Body).rows).toEqual(computed.rows);
  });
});

async function gzipped(json: string): Promise<Buffer> {
  const { gzip } = await import('node:zlib');
  const { promisify } = await import('node:util');
  return promisify(gzip)(json);
}
