import { Role } from '../src/common/auth/auth-user';
import { AccessRepository } from '../src/access/access.repository';
import { cjk, Client, CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * Who may be recorded as having gone on a visit (走访人员): people who may see the team's work —
 * its members, the managers above it, admins — and nobody else.
 *
 *   city ─┬─ county X ─┬─ team A: memberA, memberA2 (+ inactive)   managerX (county X), managerA (team A by name)
 *         │            └─ team B: memberB
 *         └─ county Y ─── team C: memberC                          managerY (county Y)
 *   managerCity manages the city; admin.
 */
describe('interaction participants (走访人员): the team and the managers above it', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let people: Record<'memberA' | 'memberA2' | 'memberB' | 'memberC' | 'managerX' | 'managerY' | 'managerA' | 'managerCity' | 'admin' | 'inactiveA', TestUser>;
  let a: Client;
  let mx: Client;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    crm = new CrmFactory(t, f);
    org = await crm.org();
    const inactiveA = await f.user();
    await t.db.query('INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)', [org.teamA.id, inactiveA.id]);
    await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [inactiveA.id]);
    people = {
      memberA: org.memberA,
      memberA2: org.memberA2,
      memberB: org.memberB,
      memberC: org.memberC,
      managerX: org.managerX,
      managerY: await f.manager({ regionUnitIds: [org.countyY.id] }),
      managerA: await f.manager({ teamIds: [org.teamA.id] }),
      managerCity: await f.manager({ regionUnitIds: [org.city.id] }),
      admin: await f.adminUser(),
      inactiveA,
    };
    [a, mx, admin] = await Promise.all([crm.as(org.memberA), crm.as(org.managerX), crm.as(people.admin)]);
  });
  afterAll(() => t.close());

  /** Rows a refused request must not have written, counted by plain SQL. */
  const written = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*) FROM interactions)::int AS interactions, (SELECT count(*) FROM interaction_participants)::int AS participants,
              (SELECT count(*) FROM audit_log WHERE entity = 'interaction')::int AS audit`,
    );
    return row as { interactions: number; participants: number; audit: number };
  };
  const visit = (extra: Record<string, unknown>) => ({ type: 'visit', occurredAt: dayOffset(-1), summary: `拜访${cjk(3)}`, ...extra });
  const participantsOf = async (id: string): Promise<string[]> =>
    ((await t.db.query('SELECT user_id FROM interaction_participants WHERE interaction_id = $1 ORDER BY user_id', [id])) as Array<{ user_id: string }>).map((r) => r.user_id);

  /** By hand: who may see which team's work. */
  const MAY_SEE: Record<'teamA' | 'teamB' | 'teamC', Array<keyof typeof people>> = {
    teamA: ['memberA', 'memberA2', 'inactiveA', 'managerX', 'managerA', 'managerCity', 'admin'],
    teamB: ['memberB', 'managerX', 'managerCity', 'admin'],
    teamC: ['memberC', 'managerY', 'managerCity', 'admin'],
  };

  it('AccessRepository.usersWhoSeeTeam is the table above, and agrees with canSeeTeam user by user', async () => {
    const scope = t.app.get(AccessRepository);
    const names = Object.keys(people) as Array<keyof typeof people>;
    for (const team of ['teamA', 'teamB', 'teamC'] as const) {
      const seen = await scope.usersWhoSeeTeam(org[team].id, names.map((n) => people[n].id));
      expect(names.filter((n) => seen.has(people[n].id)).sort()).toEqual([...MAY_SEE[team]].sort());
      for (const n of names) expect([n, await scope.canSeeTeam(crm.actor(people[n]), org[team].id)]).toEqual([n, MAY_SEE[team].includes(n)]);
    }
    expect(await scope.usersWhoSeeTeam(org.teamA.id, [])).toEqual(new Set());
  });

  it('a member logs a visit with teammates, the managers above the team and an admin: 201, audited with them', async () => {
    const e = await crm.enterprise();
    const with_ = [people.memberA, people.memberA2, people.managerX, people.managerA, people.managerCity, people.admin].map((u) => u.id);
    const res = await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: with_ })).expect(201);
    expect(await participantsOf(res.body.id)).toEqual([...with_].sort());
    const [entry] = await t.db.query(`SELECT actor_id, changes->'participantIds'->'to' AS ids FROM audit_log WHERE entity = 'interaction' AND entity_id = $1 AND action = 'create'`, [res.body.id]);
    expect(entry).toEqual({ actor_id: people.memberA.id, ids: [...with_].sort() });
  });

  it.each([
    ['a member of another team in the same county', 'memberB'],
    ['a member of another county', 'memberC'],
    ["another county's manager", 'managerY'],
  ] as const)('refuses %s with 400 naming participantIds[i], in Chinese; nothing written', async (_what, who) => {
    const e = await crm.enterprise();
    const before = await written();
    const res = await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: [people.memberA.id, people[who].id] }));
    expectAppError(res, 400, 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM', 'participantIds[1]');
    expect(res.body.details).toEqual([{ field: 'participantIds[1]', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await written()).toEqual(before);
  });

  it('names every outsider of a mixed list by its index', async () => {
    const e = await crm.enterprise();
    const before = await written();
    const res = await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: [people.memberA.id, people.memberB.id, people.memberA2.id, people.memberC.id, people.managerY.id] }));
    expectAppError(res, 400, 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['participantIds[1]', 'participantIds[3]', 'participantIds[4]']);
    expect(await written()).toEqual(before);
  });

  it('an inactive teammate is still refused as before (400 INTERACTION_PARTICIPANT_INVALID)', async () => {
    const e = await crm.enterprise();
    expectAppError(await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: [people.inactiveA.id] })), 400, 'INTERACTION_PARTICIPANT_INVALID', 'participantIds');
  });

  it("judges by the interaction's team: a county manager logging for team B may take team B's member, not team A's", async () => {
    const e = await crm.enterprise();
    const ok = await mx.post('/interactions').send(visit({ enterpriseId: e.id, teamId: org.teamB.id, participantIds: [people.managerX.id, people.memberB.id] })).expect(201);
    expect(await participantsOf(ok.body.id)).toEqual([people.managerX.id, people.memberB.id].sort());
    const before = await written();
    expectAppError(await mx.post('/interactions').send(visit({ enterpriseId: e.id, teamId: org.teamB.id, participantIds: [people.memberA.id] })), 400, 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM', 'participantIds[0]');
    expect(await written()).toEqual(before);
  });

  it('an admin logging for team C may name team C and the city manager, not team A', async () => {
    const e = await crm.enterprise();
    await admin.post('/interactions').send(visit({ enterpriseId: e.id, teamId: org.teamC.id, participantIds: [people.memberC.id, people.managerCity.id, people.admin.id] })).expect(201);
    expectAppError(await admin.post('/interactions').send(visit({ enterpriseId: e.id, teamId: org.teamC.id, participantIds: [people.memberA.id] })), 400, 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM', 'participantIds[0]');
  });

  describe('editing', () => {
    it('refuses adding an outsider and changes nothing; the participants and the audit trail stay', async () => {
      const e = await crm.enterprise();
      const created = await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: [people.memberA.id] })).expect(201);
      const before = await written();
      const res = await a.patch(`/interactions/${created.body.id}`).send({ summary: '改过', participantIds: [people.memberA.id, people.memberC.id] });
      expectAppError(res, 400, 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM', 'participantIds[1]');
      expect(await written()).toEqual(before);
      expect(await participantsOf(created.body.id)).toEqual([people.memberA.id]);
      const [{ summary }] = await t.db.query('SELECT summary FROM interactions WHERE id = $1', [created.body.id]);
      expect(summary).not.toBe('改过');
    });

    it('keeps someone recorded before they left the team, but does not let them be added anew', async () => {
      const leaver = await crm.f.user();
      await t.db.query('INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)', [org.teamA.id, leaver.id]);
      const e = await crm.enterprise();
      const went = await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: [people.memberA.id, leaver.id] })).expect(201);
      const other = await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: [people.memberA.id] })).expect(201);
      await t.db.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2', [org.teamA.id, leaver.id]);

      await a.patch(`/interactions/${went.body.id}`).send({ summary: '补充纪要', participantIds: [people.memberA.id, leaver.id] }).expect(200);
      expect(await participantsOf(went.body.id)).toEqual([people.memberA.id, leaver.id].sort());
      expectAppError(await a.patch(`/interactions/${other.body.id}`).send({ participantIds: [people.memberA.id, leaver.id] }), 400, 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM', 'participantIds[1]');
      expect(await participantsOf(other.body.id)).toEqual([people.memberA.id]);
    });

    it('the county manager may add the city manager and a teammate to a member\'s record', async () => {
      const e = await crm.enterprise();
      const created = await a.post('/interactions').send(visit({ enterpriseId: e.id })).expect(201);
      await mx.patch(`/interactions/${created.body.id}`).send({ participantIds: [people.memberA.id, people.memberA2.id, people.managerCity.id] }).expect(200);
      expect(await participantsOf(created.body.id)).toEqual([people.memberA.id, people.memberA2.id, people.managerCity.id].sort());
      const [entry] = await t.db.query(`SELECT actor_id, changes->'participantIds' AS ids FROM audit_log WHERE entity = 'interaction' AND entity_id = $1 AND action = 'update'`, [created.body.id]);
      expect(entry).toEqual({ actor_id: people.managerX.id, ids: { from: [people.memberA.id], to: [people.memberA.id, people.memberA2.id, people.managerCity.id].sort() } });
    });
  });

  it('a member or manager of no team relation answers alike for a role: the rule is the team, not the role', async () => {
    // A manager with no scope at all, and a member of no team, are outsiders to team A.
    const idle = await crm.f.manager();
    const loner = await crm.f.user({ role: Role.Member });
    const e = await crm.enterprise();
    const res = await a.post('/interactions').send(visit({ enterpriseId: e.id, participantIds: [idle.id, loner.id] }));
    expectAppError(res, 400, 'INTERACTION_PARTICIPANT_OUTSIDE_TEAM');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['participantIds[0]', 'participantIds[1]']);
  });
});
