import type { Response } from 'supertest';
import { Client, CrmFactory, dayOffset, ids } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * The interaction and lead lists as their prepared statements answer them once PostgreSQL has
 * settled on one plan for every caller (issue 18: the lead page's scope ids hidden from the
 * planner, the interaction page read from the live-rows index): every page, the total and the
 * order as plain SQL has them, asked more often than the five custom plans PostgreSQL makes
 * before it weighs the generic one, for callers of different scopes in turn.
 */
describe('member lists: page, total and order as plain SQL, whatever plan the statement settled on', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    const enterprise = await crm.enterprise();
    // Team A's and B's interactions on distinct days and some on the same instant (the id breaks the tie), one of A's deleted.
    for (let i = 0; i < 7; i++) await crm.interaction(org.memberA, { enterpriseId: enterprise.id, occurredAt: dayOffset(-1 - (i % 4)) });
    for (let i = 0; i < 3; i++) await crm.interaction(org.memberB, { enterpriseId: enterprise.id, occurredAt: dayOffset(-2 - i) });
    const gone = await crm.interaction(org.memberA, { enterpriseId: enterprise.id });
    await t.db.query('UPDATE interactions SET deleted_at = now() WHERE id = $1', [gone.id]);
    // Team A's leads, B's leads (one co-pursued by A), C's lead, one of A's deleted.
    for (let i = 0; i < 5; i++) await p.lead(org.memberA);
    const b = [await p.lead(org.memberB), await p.lead(org.memberB)];
    await p.lead(org.memberC);
    await t.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [b[0]!.id, org.teamA.id]);
    const dropped = await p.lead(org.memberA);
    await t.db.query('UPDATE leads SET deleted_at = now() WHERE id = $1', [dropped.id]);
  });
  afterAll(() => t.close());

  /** Every page of `path` at `limit` a page, and the totals each page gave. */
  async function walk(c: Client, path: string, limit: number): Promise<{ ids: string[]; totals: number[] }> {
    const seen: string[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await c.get(path).query({ limit, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...ids(res));
      totals.push(res.body.total);
      cursor = res.body.nextCursor;
    } while (cursor);
    return { ids: seen, totals };
  }

  /** The user's teams, and the leads they see: their teams' own and those the teams co-pursue. */
  const memberTeams = 'SELECT team_id FROM team_members WHERE user_id = $1';
  const expectedInteractions = async (userId: string, teamScope: string) =>
    (
      await t.db.query<Array<{ id: string }>>(
        `SELECT id FROM interactions WHERE deleted_at IS NULL AND team_id IN (${teamScope}) ORDER BY occurred_at DESC, id DESC`,
        [userId],
      )
    ).map((r) => r.id);
  const expectedLeads = async (userId: string, teamScope: string) =>
    (
      await t.db.query<Array<{ id: string }>>(
        `SELECT id FROM leads WHERE deleted_at IS NULL
            AND (team_id IN (${teamScope}) OR id IN (SELECT lead_id FROM lead_co_teams WHERE team_id IN (${teamScope})))
          ORDER BY created_at DESC, id DESC`,
        [userId],
      )
    ).map((r) => r.id);
  // The county manager's teams: every team of a region unit at or below one they manage (here county X's own teams).
  const managedTeams = `SELECT t.id FROM teams t JOIN manager_scopes ms ON ms.region_unit_id = t.region_unit_id WHERE ms.user_id = $1`;

  it('a member’s and a county manager’s interaction lists, asked in turn eight times each, page as plain SQL orders them', async () => {
    const member = await crm.as(org.memberA);
    const manager = await crm.as(org.managerX);
    const mine = await expectedInteractions(org.memberA.id, memberTeams);
    const county = await expectedInteractions(org.managerX.id, managedTeams);
    expect(mine).toHaveLength(7);
    expect(county).toHaveLength(10);
    for (let round = 0; round < 8; round++) {
      const a = await walk(member, '/interactions', 3);
      expect(a.ids).toEqual(mine);
      expect(a.totals).toEqual([7, 7, 7]);
      const m = await walk(manager, '/interactions', 4);
      expect(m.ids).toEqual(county);
      expect(m.totals).toEqual([10, 10, 10]);
    }
  });

  it('a member’s and a county manager’s lead lists, asked in turn eight times each, page as plain SQL orders them', async () => {
    const member = await crm.as(org.memberA);
    const other = await crm.as(org.memberC);
    const manager = await crm.as(org.managerX);
    const mine = await expectedLeads(org.memberA.id, memberTeams);
    const theirs = await expectedLeads(org.memberC.id, memberTeams);
    const county = await expectedLeads(org.managerX.id, managedTeams);
    expect(mine).toHaveLength(6);
    expect(theirs).toHaveLength(1);
    expect(county).toHaveLength(7);
    for (let round = 0; round < 8; round++) {
      const a = await walk(member, '/leads', 4);
      expect(a.ids).toEqual(mine);
      expect(a.totals).toEqual([6, 6]);
      const c = await walk(other, '/leads', 4);
      expect(c.ids).toEqual(theirs);
      expect(c.totals).toEqual([1]);
      const m = await walk(manager, '/leads', 5);
      expect(m.ids).toEqual(county);
      expect(m.totals).toEqual([7, 7]);
    }
  });
});
