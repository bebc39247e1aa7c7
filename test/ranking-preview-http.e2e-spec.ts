import { Role } from '../src/common/auth/auth-user';
import { businessDate } from '../src/common/time/business-time';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { MetricsService } from '../src/metrics/metrics.service';
import { RefreshMetricsJob } from '../src/metrics/refresh-metrics.job';
import { Client } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type Body = { title: string; rows: Array<{ rank: number; assignee: { id: string }; metrics: Array<{ metric: string; actual: string }> }> };

const YEAR = Number(businessDate(new Date()).slice(0, 4));
const QUERY = { periodType: 'year', year: YEAR, level: 'team' };

/**
 * The preview's answer as sent (issue 18): kept serialised and compressed per figures' version
 * and caller scope, sent brotli, gzip or as is as the client takes it, each the same JSON; an
 * entity tag per body, a 304 for a client that holds it; a write and a refresh give a new body
 * and a new tag; two scopes never share one.
 */
describe('ranking preview answers: encodings, entity tags, versions and scopes', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let org: Awaited<ReturnType<TargetFactory['org']>>;
  let admin: Client;
  let managerY: Client;
  const preview = (c: Client, acceptEncoding: string, ifNoneMatch?: string) => {
    const r = c.get('/rankings/preview').query(QUERY).set('Accept-Encoding', acceptEncoding);
    return ifNoneMatch ? r.set('If-None-Match', ifNoneMatch) : r;
  };

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    org = await tf.org();
    [admin, managerY] = [await tf.crm.client(Role.Admin), await tf.crm.as(org.managerY)];
    for (const [member, n] of [[org.memberB, 2], [org.memberC, 3]] as const) {
      for (let i = 0; i < n; i++) await tf.interaction(member, (await tf.crm.enterprise()).id, `${YEAR}-01-1${i}`, InteractionType.Visit);
    }
    for (const team of [org.teamA, org.teamB, org.teamC]) await tf.assign({ periodType: 'year', year: YEAR, teamId: team.id, values: { visits: 4 } });
    await tf.refresh();
  }, 120_000);
  afterAll(() => t.close());

  it('sends brotli to a browser (whatever order it lists encodings in), gzip without br, the JSON as is without either: one body', async () => {
    const plain = await preview(admin, 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await preview(admin, 'gzip, deflate, br').expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    const gzip = await preview(admin, 'gzip, br;q=0').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    for (const r of [plain, br, gzip]) {
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers.vary).toMatch(/Accept-Encoding/);
    }
    // superagent decodes brotli and gzip: equal decoded bodies mean each encoding holds the same JSON.
    expect(br.body).toEqual(plain.body);
    expect(gzip.body).toEqual(plain.body);
    // Visits by hand: C 3, B 2, A none.
    expect((plain.body as Body).rows.map((r) => r.assignee.id)).toEqual([org.teamC.id, org.teamB.id, org.teamA.id]);
    expect([plain, br, gzip].map((r) => r.headers.etag as string)).toEqual(Array(3).fill(plain.headers.etag));
  });

  it('answers 304 without a body to a client holding the current body, 200 to one holding another', async () => {
    const first = await preview(admin, 'gzip, deflate, br').expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await preview(admin, 'gzip, deflate, br', etag).expect(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.text ?? '').toBe('');
    await preview(admin, 'gzip', `W/"another", ${etag}`).expect(304);
    const other = await preview(admin, 'gzip', 'W/"another"').expect(200);
    expect(other.body).toEqual(first.body);
  });

  it('a write and a refresh give the new figures, a new tag, and the old tag no 304', async () => {
    const before = await preview(admin, 'gzip, deflate, br').expect(200);
    // Four visits of team A: A 4, C 3, B 2.
    for (let i = 0; i < 4; i++) await tf.interaction(org.memberA, (await tf.crm.enterprise()).id, `${YEAR}-02-0${i + 1}`, InteractionType.Visit);
    await tf.refresh();
    const after = await preview(admin, 'gzip, deflate, br', before.headers.etag as string).expect(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const rows = (after.body as Body).rows;
    expect(rows.map((r) => r.assignee.id)).toEqual([org.teamA.id, org.teamC.id, org.teamB.id]);
    expect(rows[0]?.metrics.find((m) => m.metric === 'visits')?.actual).toBe('4');
    // Each encoding of the new body is the new body.
    expect((await preview(admin, 'identity').expect(200)).body).toEqual(after.body);
    expect((await preview(admin, 'gzip').expect(200)).body).toEqual(after.body);
  });

  it('a manager gets the rows of their scope, never the admin’s bytes, and the admin’s tag gives them no 304', async () => {
    const all = await preview(admin, 'gzip, deflate, br').expect(200);
    const scoped = await preview(managerY, 'gzip, deflate, br', all.headers.etag as string).expect(200);
    expect(scoped.headers.etag).not.toBe(all.headers.etag);
    // Manager Y manages county Y: team C alone, with its rank among all teams.
    expect((scoped.body as Body).rows.map((r) => [r.rank, r.assignee.id])).toEqual([[2, org.teamC.id]]);
    expect((scoped.body as Body).title).not.toBe((all.body as Body).title);
    await preview(managerY, 'gzip, deflate, br', scoped.headers.etag as string).expect(304);
    // And the admin still gets every row after the manager's request.
    expect((await preview(admin, 'identity').expect(200)).body).toEqual(all.body);
  });

  it('the refresh job brings the stored previews to a version that moved without new figures (a target edited, a new day)', async () => {
    await t.app.get(RefreshMetricsJob).run();
    // A target edited: the previews' version moves, the counted figures do not.
    await t.db.query(`UPDATE targets SET updated_at = now() WHERE team_id = $1`, [org.teamA.id]);
    const { changed } = await t.app.get(RefreshMetricsJob).run();
    expect(changed).toBe(false);
    const version = await t.app.get(MetricsService).figuresVersion(YEAR);
    const rows = (await t.db.query(`SELECT version, json, gzip, br FROM ranking_previews WHERE json::jsonb ->> 'level' = 'team'`)) as Array<{ version: string; json: string; gzip: Buffer; br: Buffer }>;
    expect(rows.map((r) => r.version)).toEqual([version]);
    const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
    for (const r of rows) {
      expect(gunzipSync(r.gzip).toString()).toBe(r.json);
      expect(brotliDecompressSync(r.br).toString()).toBe(r.json);
    }
  });
});
