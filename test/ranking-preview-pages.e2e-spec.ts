import { Role } from '../src/common/auth/auth-user';
import { businessDate } from '../src/common/time/business-time';
import { InteractionType } from '../src/interactions/entities/interaction.entity';
import { Client, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

type Row = { rank: number; assignee: { id: string; name: string }; score: { total: number } };
type Totals = { units: number; metrics: Array<{ metric: string; target: string; actual: string }> };
type Page = { title: string; formulaText: string; totals: Totals; rows: Row[]; page: { offset: number; limit: number; total: number; q: string | null } };

const YEAR = Number(businessDate(new Date()).slice(0, 4));
const QUERY = { periodType: 'year', year: YEAR, level: 'team' };
/** Sixty teams: more than the default page of 50, so the default is seen cutting. */
const N = 60;
/** Teams 1–10 visit once against a target of k visits: scores 10/k, all distinct (10, 5, 3.33 … 1). */
const SCORED = 10;
const nameOf = (k: number) => `排名${String(k).padStart(2, '0')}号队`;

/**
 * GET /rankings/preview by page (issue 18): the header and 合计 of the whole ranking with one
 * page of rows; pages laid end to end are the whole list of GET /rankings/preview/all and the
 * order worked out by hand; a name search pages the matching rows with their overall ranks;
 * each page has its own entity tag; bounds are refused naming the field.
 */
describe('ranking preview pages', () => {
  let t: TestApp;
  let tf: TargetFactory;
  let admin: Client;
  let managerY: Client;
  /** Team ids by k (1…N); even k in county Y, odd in county X. */
  const team: string[] = [];
  const page = async (c: Client, query: Record<string, unknown> = {}) => (await c.get('/rankings/preview').query({ ...QUERY, ...query }).expect(200)).body as Page;
  const all = async (c: Client) => (await c.get('/rankings/preview/all').query(QUERY).expect(200)).body as Page;
  /** Every page of `limit` rows, laid end to end. */
  const everyPage = async (c: Client, limit: number, q?: string) => {
    const rows: Row[] = [];
    for (let offset = 0; ; offset += limit) {
      const p = await page(c, { offset, limit, ...(q ? { q } : {}) });
      expect(p.page).toEqual({ offset, limit, total: expect.any(Number), q: q ?? null });
      rows.push(...p.rows);
      if (offset + limit >= p.page.total) return rows;
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    tf = new TargetFactory(t, f);
    const org = await tf.org();
    [admin, managerY] = [await tf.crm.client(Role.Admin), await tf.crm.as(org.managerY)];
    team[0] = '';
    for (let k = 1; k <= N; k++) {
      const member = k <= SCORED ? await f.user() : undefined;
      const created = await f.team({ regionUnitId: (k % 2 ? org.countyX : org.countyY).id, name: nameOf(k), memberIds: member ? [member.id] : [] });
      team[k] = created.id;
      await tf.assign({ periodType: 'year', year: YEAR, teamId: created.id, values: { visits: k <= SCORED ? k : 5 } });
      if (member) await tf.interaction(member, (await tf.crm.enterprise()).id, `${YEAR}-01-10`, InteractionType.Visit);
    }
    await tf.refresh();
  }, 300_000);
  afterAll(() => t.close());

  /** By hand: teams 1–10 ranked 1–10, then 11–60 with no visit tied at rank 11, by name (= by k). */
  const expected = (ks: number[]) => ks.map((k) => [k <= SCORED ? k : SCORED + 1, team[k]]);
  const ranked = (rows: Row[]) => rows.map((r) => [r.rank, r.assignee.id]);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('answers the first 50 rows by default, with the whole ranking’s header, 合计 and row count', async () => {
    const first = await page(admin);
    const whole = await all(admin);
    expect(first.page).toEqual({ offset: 0, limit: 50, total: N, q: null });
    expect(ranked(first.rows)).toEqual(expected(range(1, 50)));
    expect(whole.rows).toHaveLength(N);
    // The summary is the whole ranking's, on every page: everything but the rows and the page.
    const { rows: _r, page: _p, ...header } = first;
    const { rows: _all, ...wholeHeader } = whole;
    expect(header).toEqual(wholeHeader);
    // 合计 by hand: 60 teams, visit targets 1+…+10 and 50×5, ten visits.
    const visits = first.totals.metrics.find((m) => m.metric === 'visits');
    expect([first.totals.units, visits?.target, visits?.actual]).toEqual([N, String(55 + 50 * 5), String(SCORED)]);
  });

  it.each([7, 50, 200])('pages of %i laid end to end are the whole list, in the order worked out by hand', async (limit) => {
    const rows = await everyPage(admin, limit);
    expect(rows).toEqual((await all(admin)).rows);
    expect(ranked(rows)).toEqual(expected(range(1, N)));
  });

  it('a page past the end has no rows and still the row count', async () => {
    const past = await page(admin, { offset: N, limit: 10 });
    expect(past.rows).toEqual([]);
    expect(past.page.total).toBe(N);
    expect(ranked((await page(admin, { offset: 55, limit: 10 })).rows)).toEqual(expected(range(56, 60)));
  });

  it('a name search pages the matching rows, each with its rank in the whole ranking', async () => {
    // 7号: teams 7, 17, 27, 37, 47, 57.
    const found = await page(admin, { q: ' 7号 ' });
    expect(found.page).toEqual({ offset: 0, limit: 50, total: 6, q: '7号' });
    expect(ranked(found.rows)).toEqual(expected([7, 17, 27, 37, 47, 57]));
    expect(await everyPage(admin, 4, '7号')).toEqual(found.rows);
    expect(found.totals).toEqual((await all(admin)).totals);
    expect((await page(admin, { q: '没有这个队' })).rows).toEqual([]);
  });

  it("a manager's pages are their scope's rows with the whole ranking's ranks, their own 合计", async () => {
    const first = await page(managerY, { limit: 20 });
    const evens = range(1, N).filter((k) => k % 2 === 0);
    expect(first.page.total).toBe(evens.length);
    expect(ranked(await everyPage(managerY, 20))).toEqual(expected(evens));
    expect(await everyPage(managerY, 20)).toEqual((await all(managerY)).rows);
    expect(first.totals.units).toBe(evens.length);
  });

  it('each page has its own entity tag: 304 for the page held, 200 for another', async () => {
    const get = (query: Record<string, unknown>, etag?: string) => {
      const r = admin.get('/rankings/preview').query({ ...QUERY, ...query }).set('Accept-Encoding', 'gzip, deflate, br');
      return etag ? r.set('If-None-Match', etag) : r;
    };
    const one = await get({ offset: 0, limit: 10 }).expect(200);
    const two = await get({ offset: 10, limit: 10 }).expect(200);
    expect(one.headers['content-encoding']).toBe('br');
    expect(one.headers.etag).not.toBe(two.headers.etag);
    await get({ offset: 0, limit: 10 }, one.headers.etag as string).expect(304);
    await get({ offset: 10, limit: 10 }, two.headers.etag as string).expect(304);
    expect((await get({ offset: 10, limit: 10 }, one.headers.etag as string).expect(200)).body).toEqual(two.body);
    // The first page asked by default and by name is one body.
    expect((await get({}).expect(200)).headers.etag).toBe((await get({ offset: 0, limit: 50 }).expect(200)).headers.etag);
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 201 }],
    ['limit', { limit: 'ten' }],
    ['offset', { offset: -1 }],
    ['offset', { offset: 1.5 }],
    ['offset', { offset: 100_001 }],
    ['q', { q: '队'.repeat(51) }],
    ['page', { page: 2 }],
  ])('refuses a bad %s with 400 naming it, in Chinese', async (field, query) => {
    const res = await admin.get('/rankings/preview').query({ ...QUERY, ...query });
    expectAppError(res, 400, 'VALIDATION_FAILED', field);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the full list takes no page parameters', async () => {
    expectAppError(await admin.get('/rankings/preview/all').query({ ...QUERY, limit: 10 }), 400, 'VALIDATION_FAILED', 'limit');
  });
});
