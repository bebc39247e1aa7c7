import { AccessRepository } from '../src/access/access.repository';
import { LeadsRepository } from '../src/leads/leads.repository';
import { AuthUser } from '../src/common/auth/auth-user';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { expectAppError } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * Every scope predicate of AccessRepository, asked directly against a real database and
 * compared with tables written by hand from this organisation:
 *
 *   city C ─┬─ county X ─── township X1      teams: tC at C; tX, tArch (archived) at X; tX1 at X1
 *           └─ county Y                             tY at Y
 *   city D ─── county Z                             tZ at Z
 *
 *   member2 belongs to tX and tY; memberX1 to tX1; memberZ to tZ; memberC to tC; memberArch to tArch.
 *   mCity manages city C, mCounty county X, mTown township X1, mTwice both C and X,
 *   mByName team tZ by name (not its county); admin.
 *
 * A lead of tZ is co-pursued (协同招商) by tY and tX1 and must stay hidden from tC's member.
 */
describe('AccessRepository: every scope question, against the hand-made table', () => {
  let t: TestApp;
  let f: Factory;
  let p: PipelineFactory;
  let access: AccessRepository;
  const unit = {} as Record<'C' | 'X' | 'X1' | 'Y' | 'D' | 'Z', string>;
  const team = {} as Record<'tC' | 'tX' | 'tX1' | 'tY' | 'tZ' | 'tArch', string>;
  let people: Record<'member2' | 'memberX1' | 'memberZ' | 'memberC' | 'memberArch' | 'mCity' | 'mCounty' | 'mTown' | 'mTwice' | 'mByName' | 'admin', TestUser>;
  let leadOfZ: string;

  type Person = keyof typeof people;
  type TeamName = keyof typeof team;
  type UnitName = keyof typeof unit;
  const actor = (who: Person): AuthUser => ({ id: people[who].id, username: people[who].username, displayName: people[who].username, role: people[who].role });
  const teamNames = (ids: Iterable<string>) => [...ids].map((id) => (Object.keys(team) as TeamName[]).find((k) => team[k] === id) ?? id).sort();
  const unitNames = (ids: Iterable<string>) => [...ids].map((id) => (Object.keys(unit) as UnitName[]).find((k) => unit[k] === id) ?? id).sort();
  const personNames = (ids: Iterable<string>) => [...ids].map((id) => (Object.keys(people) as Person[]).find((k) => people[k].id === id) ?? id).sort();
  const allTeams = () => Object.values(team);

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    access = t.app.get(AccessRepository);
    unit.C = (await f.region({ level: RegionLevel.City })).id;
    unit.X = (await f.region({ level: RegionLevel.County, parentId: unit.C })).id;
    unit.X1 = (await f.region({ level: RegionLevel.Township, parentId: unit.X })).id;
    unit.Y = (await f.region({ level: RegionLevel.County, parentId: unit.C })).id;
    unit.D = (await f.region({ level: RegionLevel.City })).id;
    unit.Z = (await f.region({ level: RegionLevel.County, parentId: unit.D })).id;
    const [member2, memberX1, memberZ, memberC, memberArch] = await Promise.all([f.user(), f.user(), f.user(), f.user(), f.user()]);
    team.tC = (await f.team({ regionUnitId: unit.C, memberIds: [memberC.id] })).id;
    team.tX = (await f.team({ regionUnitId: unit.X, memberIds: [member2.id] })).id;
    team.tX1 = (await f.team({ regionUnitId: unit.X1, memberIds: [memberX1.id], leaderId: memberX1.id })).id;
    team.tY = (await f.team({ regionUnitId: unit.Y, memberIds: [member2.id] })).id;
    team.tZ = (await f.team({ regionUnitId: unit.Z, memberIds: [memberZ.id] })).id;
    team.tArch = (await f.team({ regionUnitId: unit.X, memberIds: [memberArch.id] })).id;
    await t.db.query('UPDATE teams SET is_archived = true WHERE id = $1', [team.tArch]);
    people = {
      member2,
      memberX1,
      memberZ,
      memberC,
      memberArch,
      mCity: await f.manager({ regionUnitIds: [unit.C] }),
      mCounty: await f.manager({ regionUnitIds: [unit.X] }),
      mTown: await f.manager({ regionUnitIds: [unit.X1] }),
      mTwice: await f.manager({ regionUnitIds: [unit.C, unit.X] }),
      mByName: await f.manager({ teamIds: [team.tZ] }),
      admin: await f.adminUser(),
    };
    leadOfZ = (await p.lead(memberZ)).id;
    await t.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2), ($1, $3)', [leadOfZ, team.tY, team.tX1]);
  }, 60_000);
  afterAll(() => t.close());

  /** By hand: the teams each person sees (admin: all, as null). */
  const SEES: Record<Exclude<Person, 'admin'>, TeamName[]> = {
    member2: ['tX', 'tY'],
    memberX1: ['tX1'],
    memberZ: ['tZ'],
    memberC: ['tC'],
    memberArch: ['tArch'],
    mCity: ['tArch', 'tC', 'tX', 'tX1', 'tY'],
    mCounty: ['tArch', 'tX', 'tX1'],
    mTown: ['tX1'],
    mTwice: ['tArch', 'tC', 'tX', 'tX1', 'tY'],
    mByName: ['tZ'],
  };

  it('visibleTeamIds, canSeeTeam and restrict give the same answer as the table, person by person', async () => {
    expect(await access.visibleTeamIds(actor('admin'))).toBeNull();
    for (const who of Object.keys(SEES) as Array<keyof typeof SEES>) {
      expect([who, teamNames((await access.visibleTeamIds(actor(who))) ?? [])]).toEqual([who, SEES[who]]);
      for (const name of Object.keys(team) as TeamName[]) {
        expect([who, name, await access.canSeeTeam(actor(who), team[name])]).toEqual([who, name, SEES[who].includes(name)]);
      }
    }
  });

  it('canManageTeam: a manager over the team, or an admin; a member never, even of their own team', async () => {
    for (const who of Object.keys(SEES) as Array<keyof typeof SEES>) {
      for (const name of Object.keys(team) as TeamName[]) {
        const expected = who.startsWith('m') && !who.startsWith('member') && SEES[who].includes(name);
        expect([who, name, await access.canManageTeam(actor(who), team[name])]).toEqual([who, name, expected]);
      }
    }
    expect(await access.canManageTeam(actor('admin'), team.tZ)).toBe(true);
  });

  it('membership: isMember and canWorkForTeam', async () => {
    expect(await access.isMember(people.member2.id, team.tX)).toBe(true);
    expect(await access.isMember(people.member2.id, team.tY)).toBe(true);
    expect(await access.isMember(people.member2.id, team.tX1)).toBe(false);
    expect(await access.isMember(people.mCounty.id, team.tX)).toBe(false);
    expect(await access.canWorkForTeam(actor('member2'), team.tY)).toBe(true);
    expect(await access.canWorkForTeam(actor('memberX1'), team.tX)).toBe(false);
    expect(await access.canWorkForTeam(actor('mCounty'), team.tX1)).toBe(true);
    expect(await access.canWorkForTeam(actor('mTown'), team.tX)).toBe(false);
  });

  it('writableTeam: a member of two teams must choose; an archived team takes no new work', async () => {
    await expect(access.writableTeam(actor('member2'))).rejects.toMatchObject({ code: 'TEAM_REQUIRED' });
    expect(await access.writableTeam(actor('member2'), team.tY)).toBe(team.tY);
    expect(await access.writableTeam(actor('memberX1'))).toBe(team.tX1);
    await expect(access.writableTeam(actor('memberX1'), team.tX)).rejects.toMatchObject({ code: 'TEAM_NOT_WRITABLE' });
    // The archived team's own member has no team to write for, and nobody may name it.
    await expect(access.writableTeam(actor('memberArch'))).rejects.toMatchObject({ code: 'TEAM_REQUIRED' });
    await expect(access.writableTeam(actor('memberArch'), team.tArch)).rejects.toMatchObject({ code: 'TEAM_NOT_WRITABLE' });
    await expect(access.writableTeam(actor('mCounty'), team.tArch)).rejects.toMatchObject({ code: 'TEAM_NOT_WRITABLE' });
    await expect(access.writableTeam(actor('admin'), team.tArch)).rejects.toMatchObject({ code: 'TEAM_NOT_WRITABLE' });
    expect(await access.writableTeam(actor('mCounty'), team.tX1)).toBe(team.tX1);
  });

  it('unitsSeenWhole: the units at or below one a manager manages; a team managed by name opens no unit', async () => {
    const all = Object.values(unit);
    expect(await access.unitsSeenWhole(actor('admin'), all)).toBeNull();
    const whole: Record<string, UnitName[]> = {
      mCity: ['C', 'X', 'X1', 'Y'],
      mCounty: ['X', 'X1'],
      mTown: ['X1'],
      mTwice: ['C', 'X', 'X1', 'Y'],
      mByName: [],
      member2: [],
    };
    for (const [who, expected] of Object.entries(whole)) {
      expect([who, unitNames((await access.unitsSeenWhole(actor(who as Person), all)) ?? [])]).toEqual([who, expected]);
    }
  });

  it('regionUnitsInSightSql: units at or above a visible team, and units at or below a managed one', async () => {
    const inSight = async (who: Person) => {
      const sql = access.regionUnitsInSightSql(actor(who));
      if (!sql) return null;
      const rows: Array<{ id: string }> = await t.db.query(`SELECT id FROM (${sql.sql.replace(/:scopeUserId/g, '$1')}) s`, [people[who].id]);
      return unitNames(rows.map((r) => r.id));
    };
    expect(await inSight('admin')).toBeNull();
    expect(await inSight('member2')).toEqual(['C', 'X', 'Y']);
    expect(await inSight('memberX1')).toEqual(['C', 'X', 'X1']);
    expect(await inSight('mTown')).toEqual(['C', 'X', 'X1']);
    expect(await inSight('mCounty')).toEqual(['C', 'X', 'X1']);
    expect(await inSight('mByName')).toEqual(['D', 'Z']);
  });

  it("resolveLeadScope by region: a manager's outermost units, and the teams under none of them", async () => {
    const byRegion = async (who: Person) => {
      const scope = await access.resolveLeadScope(actor(who), { byRegion: true });
      return { units: unitNames(scope.byRegion?.regionUnitIds ?? []), others: teamNames(scope.byRegion?.otherTeamIds ?? []), teams: teamNames(scope.teamIds ?? []) };
    };
    expect(await byRegion('mTwice')).toEqual({ units: ['C'], others: [], teams: SEES.mTwice });
    expect(await byRegion('mCounty')).toEqual({ units: ['X'], others: [], teams: SEES.mCounty });
    expect(await byRegion('mByName')).toEqual({ units: [], others: ['tZ'], teams: ['tZ'] });
    expect((await access.resolveLeadScope(actor('admin'))).teamIds).toBeNull();
  });

  it('teamsWithinUnit: the teams at or below a unit, archived ones included', async () => {
    expect(teamNames(await access.teamsWithinUnit(allTeams(), unit.X))).toEqual(['tArch', 'tX', 'tX1']);
    expect(teamNames(await access.teamsWithinUnit(allTeams(), unit.C))).toEqual(['tArch', 'tC', 'tX', 'tX1', 'tY']);
    expect(teamNames(await access.teamsWithinUnit(allTeams(), unit.Z))).toEqual(['tZ']);
    expect(await access.teamsWithinUnit([], unit.C)).toEqual(new Set());
  });

  it('the rule read the other way round: usersWhoSeeTeam, managersOf, membersOf, firstActiveMember', async () => {
    const everyone = Object.values(people).map((u) => u.id);
    // Each person who sees tX1 by the table above, and every admin.
    const seeX1 = (Object.keys(SEES) as Array<keyof typeof SEES>).filter((who) => SEES[who].includes('tX1'));
    expect(personNames(await access.usersWhoSeeTeam(team.tX1, everyone))).toEqual([...seeX1, 'admin'].sort());
    expect(personNames(await access.managersOf(team.tX1))).toEqual(['mCity', 'mCounty', 'mTown', 'mTwice']);
    expect(personNames(await access.managersOf(team.tZ))).toEqual(['mByName']);
    expect(personNames(await access.membersOf(team.tX))).toEqual(['member2']);
    expect(await access.firstActiveMember(team.tX1, people.mCity.id)).toBe(people.memberX1.id);
    expect(await access.firstActiveMember(team.tY, people.member2.id)).toBe(people.member2.id);
  });

  it('a lead co-pursued by two teams: seen by both and by its own team, 404 from a third', async () => {
    // Asked the way the leads module asks it (its scoped query embeds AccessRepository.visibleLeadsSql).
    const sees = (who: Person) => t.app.get(LeadsRepository).isVisible(actor(who), leadOfZ);
    const expected: Record<Person, boolean> = {
      memberZ: true, // its own team
      member2: true, // through tY
      memberX1: true, // through tX1
      mTown: true, // manages tX1's township
      mCounty: true,
      mCity: true,
      mTwice: true,
      mByName: true, // manages tZ by name
      admin: true,
      memberC: false, // tC: a third team
      memberArch: false,
    };
    for (const who of Object.keys(expected) as Person[]) expect([who, await sees(who)]).toEqual([who, expected[who]]);
    expect((await access.resolveLeadScope(actor('memberX1'))).coLeadIds).toEqual([leadOfZ]);
    expect((await access.resolveLeadScope(actor('memberC'))).coLeadIds).toEqual([]);

    // Through HTTP: the third team's member gets a 404, never a 403; a co-pursuing member reads it.
    const third = f.as(await people.memberC.token());
    expectAppError(await third.get(`/api/v1/leads/${leadOfZ}`), 404, 'NOT_FOUND');
    const coPursuer = f.as(await people.memberX1.token());
    expect((await coPursuer.get(`/api/v1/leads/${leadOfZ}`)).status).toBe(200);
  });
});
