import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AccessRepository } from '../src/access/access.repository';
import { Role } from '../src/common/auth/auth-user';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { Client, CrmFactory } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * The version of who sees what (migration AccessScopeVersion) and the resolved lead scopes an
 * API process keeps under it: every change to a table a scope is read from raises the version
 * once per transaction, and a request after the change sees the new scope at once — the lead
 * list and the board answer what plain SQL over the new organisation says.
 */
describe('access scope version: kept scopes follow every change at once', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let db: DataSource;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    db = t.app.get<DataSource>(getDataSourceToken());
    org = await crm.org();
    admin = await crm.client(Role.Admin);
  }, 60_000);
  afterAll(() => t.close());

  const version = async (): Promise<bigint> => BigInt((await db.query('SELECT version::text AS v FROM access_scope_versions WHERE id = 1'))[0].v);

  /** Raised by how much when `work` runs (plain SQL, one transaction unless it says otherwise). */
  async function raisedBy(work: () => Promise<unknown>): Promise<bigint> {
    const before = await version();
    await work();
    return (await version()) - before;
  }

  it('is raised once by a transaction however many scope rows it changes, and not by a rolled-back one', async () => {
    const users = await Promise.all([f.user(), f.user(), f.user()]);
    expect(
      await raisedBy(() =>
        db.transaction(async (em) => {
          for (const u of users) await em.query('INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)', [org.teamC.id, u.id]);
          await em.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2', [org.teamC.id, users[0]!.id]);
        }),
      ),
    ).toBe(1n);
    expect(
      await raisedBy(() =>
        db
          .transaction(async (em) => {
            await em.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2', [org.teamC.id, users[1]!.id]);
            throw new Error('rolled back');
          })
          .catch(() => undefined),
      ),
    ).toBe(0n);
  });

  it('is raised by each table a scope is read from, and not by a change no scope reads', async () => {
    const lead = await p.lead(org.memberA);
    const region = await f.region({ level: RegionLevel.Township, parentId: org.countyY.id });
    expect(await raisedBy(() => db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [lead.id, org.teamB.id]))).toBe(1n);
    expect(await raisedBy(() => db.query('DELETE FROM lead_co_teams WHERE lead_id = $1', [lead.id]))).toBe(1n);
    expect(await raisedBy(() => db.query('UPDATE teams SET region_unit_id = $2 WHERE id = $1', [org.teamC.id, region.id]))).toBe(1n);
    expect(await raisedBy(() => db.query('UPDATE teams SET region_unit_id = $2 WHERE id = $1', [org.teamC.id, org.countyY.id]))).toBe(1n);
    expect(await raisedBy(() => db.query("UPDATE region_units SET path = path WHERE id = $1", [region.id]))).toBe(1n);
    expect(await raisedBy(() => f.manager({ teamIds: [org.teamC.id] }))).toBeGreaterThanOrEqual(1n);
    expect(await raisedBy(() => db.query("UPDATE teams SET description = '改个说明' WHERE id = $1", [org.teamC.id]))).toBe(0n);
    expect(await raisedBy(() => db.query("UPDATE region_units SET name = name || '' WHERE id = $1", [region.id]))).toBe(0n);
  });

  /** The ids of the leads `client`'s list shows, every page. */
  async function listed(client: Client): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await client.get(`/leads?limit=200${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...(res.body.items as Array<{ id: string }>).map((l) => l.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return seen.sort();
  }

  /** The live leads of these teams or co-pursued by them (plain SQL). */
  async function leadsOf(teamIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await db.query(
      `SELECT id FROM leads WHERE deleted_at IS NULL AND (team_id = ANY($1) OR id IN (SELECT lead_id FROM lead_co_teams WHERE team_id = ANY($1))) ORDER BY id`,
      [teamIds],
    );
    return rows.map((r) => r.id).sort();
  }

  it("a member's lead list follows joining and leaving a team on the very next request", async () => {
    const member = await f.user();
    const client = await crm.as(member);
    await admin.post(`/teams/${org.teamA.id}/members`).send({ userId: member.id }).expect(201);
    await p.lead(org.memberA);
    await p.lead(org.memberB);
    expect(await listed(client)).toEqual(await leadsOf([org.teamA.id]));
    // Nothing changed: the next list answers from the kept scope, without reading it again.
    const reads = jest.spyOn(t.app.get(AccessRepository) as unknown as { readLeadScope: () => Promise<unknown> }, 'readLeadScope');
    expect(await listed(client)).toEqual(await leadsOf([org.teamA.id]));
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    await admin.post(`/teams/${org.teamB.id}/members`).send({ userId: member.id }).expect(201);
    expect(await listed(client)).toEqual(await leadsOf([org.teamA.id, org.teamB.id]));
    await admin.delete(`/teams/${org.teamA.id}/members/${member.id}`).expect(204);
    expect(await listed(client)).toEqual(await leadsOf([org.teamB.id]));
    expect((await leadsOf([org.teamB.id])).length).toBeGreaterThan(0);
  });

  it("a member sees a lead their team is asked to co-pursue at once, and no longer once the co-pursuit ends", async () => {
    const client = await crm.as(org.memberC);
    const lead = await p.lead(org.memberA);
    expect(await listed(client)).not.toContain(lead.id);
    await db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [lead.id, org.teamC.id]);
    expect(await listed(client)).toContain(lead.id);
    await db.query('DELETE FROM lead_co_teams WHERE lead_id = $1 AND team_id = $2', [lead.id, org.teamC.id]);
    expect(await listed(client)).not.toContain(lead.id);
  });

  it("a manager's board follows a change of their managed scope on the very next request", async () => {
    const manager = await f.manager({ regionUnitIds: [org.countyX.id] });
    const client = await crm.as(manager);
    await p.lead(org.memberC);
    const openCount = async (): Promise<number> => {
      const board = (await client.get('/pipeline/board').expect(200)).body as { open: { count: number } };
      return board.open.count;
    };
    /** Open leads of these teams (plain SQL; co-pursued ones counted once). */
    const expected = async (teamIds: string[]): Promise<number> => {
      const open = Object.values(LeadStage).filter((s) => ![LeadStage.Signed, LeadStage.Lost, LeadStage.OnHold].includes(s));
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL AND stage = ANY($2)
            AND (team_id = ANY($1) OR id IN (SELECT lead_id FROM lead_co_teams WHERE team_id = ANY($1)))`,
        [teamIds, open],
      );
      return n;
    };
    expect(await openCount()).toBe(await expected([org.teamA.id, org.teamB.id]));
    const adminToken = await (await f.adminUser()).token();
    await t.http().put(`/api/v1/users/${manager.id}/managed-scope`).set('Authorization', `Bearer ${adminToken}`).send({ regionUnitIds: [org.countyY.id], teamIds: [] }).expect(200);
    expect(await openCount()).toBe(await expected([org.teamC.id]));
    expect(await expected([org.teamC.id])).toBeGreaterThan(0);
  });
});
