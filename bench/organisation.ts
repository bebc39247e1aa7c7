import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { hashPassword } from '../src/users/password';

/** Size of the organisation data set: a province-scale deployment of the foundation tables. */
export const ORGANISATION_SIZE = {
  regionUnits: 3_000,
  counties: 30,
  townshipsPerCounty: 9,
  users: 5_000,
  teams: 1_000,
  /** Teams registered at city level; the rest sit at county and township level. */
  cityTeams: 10,
} as const;

/** The one password every bench user has (hashed once: argon2 is deliberately slow). */
export const BENCH_PASSWORD = 'bench-Passw0rd!';

export interface Organisation {
  cityId: string;
  countyIds: string[];
  adminUsername: string;
  /** `managerUsernames[i]` manages county `countyIds[i]`. */
  managerUsernames: string[];
  memberUsernames: string[];
  /** Teams at or below county 0, the one the benchmark's manager manages. */
  teamsUnderFirstCounty: number;
  counts: { regionUnits: number; users: number; teams: number; teamMembers: number; managerScopes: number };
}

const CHAINS = ['玉米生物', '铝基循环新材料', '镍基循环新材料', '现代煤化工', '新能源及装备制造', '绿色农畜产品生产加工', '现代中医药(蒙医药)', '文化旅游', '硅砂新材料'];
const SOURCE_REGIONS = ['京津冀', '长三角', '珠三角', '成渝'];

/**
 * Loads the organisation with one multi-row INSERT … SELECT FROM unnest(…) per table:
 * a few round trips for ~20,000 rows. Deterministic in shape (not in ids) so runs compare.
 */
export async function loadOrganisation(db: Pool): Promise<Organisation> {
  const size = ORGANISATION_SIZE;
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  // Region tree: 1 city → 30 counties (旗县区) → 9 townships each → villages until 3,000 units.
  const units: Array<{ id: string; name: string; level: string; code: string | null; parentId: string | null; path: string; sort: number }> = [];
  const add = (name: string, level: string, parent: (typeof units)[number] | null, sort: number, code: string | null = null) => {
    const id = randomUUID();
    const unit = { id, name, level, code, parentId: parent?.id ?? null, path: `${parent?.path ?? ''}${id}/`, sort };
    units.push(unit);
    return unit;
  };
  const city = add('压测市', 'city', null, 0, '150500');
  const counties = Array.from({ length: size.counties }, (_, c) => add(`压测${c + 1}旗`, 'county', city, c, `1505${String(c + 1).padStart(2, '0')}`));
  const townships = counties.map((county, c) =>
    Array.from({ length: size.townshipsPerCounty }, (_, t) => add(`${c + 1}旗${t + 1}镇`, 'township', county, t)),
  );
  const allTownships = townships.flat();
  const villagesLeft = size.regionUnits - units.length;
  for (let v = 0; v < villagesLeft; v++) {
    const township = allTownships[v % allTownships.length]!;
    add(`${township.name}${Math.floor(v / allTownships.length) + 1}村`, 'village', township, v);
  }
  await insertRows(db, 'region_units', ['id', 'name', 'level', 'code', 'parent_id', 'path', 'sort_order'], ['uuid', 'varchar', 'region_level', 'varchar', 'uuid', 'text', 'int'], units.map((u) => [u.id, u.name, u.level, u.code, u.parentId, u.path, u.sort]));

  // Users: one admin, one manager per county, members for the rest.
  const users: Array<{ id: string; username: string; displayName: string; role: string }> = [];
  users.push({ id: randomUUID(), username: 'bench-admin', displayName: '压测管理员', role: 'admin' });
  const managers = counties.map((_, c) => ({ id: randomUUID(), username: `bench-mgr-${String(c + 1).padStart(2, '0')}`, displayName: `分管领导${c + 1}`, role: 'manager' }));
  users.push(...managers);
  const members = Array.from({ length: size.users - users.length }, (_, m) => ({
    id: randomUUID(),
    username: `bench-u-${String(m + 1).padStart(5, '0')}`,
    displayName: `招商队员${m + 1}`,
    role: 'member',
  }));
  users.push(...members);
  await insertRows(db, 'users', ['id', 'username', 'display_name', 'role', 'password_hash'], ['uuid', 'varchar', 'varchar', 'user_role', 'text'], users.map((u) => [u.id, u.username, u.displayName, u.role, passwordHash]));

  // Teams: 10 at city level; the rest under the counties, county 0 (the city's seat district)
  // weighted 3× so its manager's list fills more than one page of 50.
  const weights = counties.map((_, c) => (c === 0 ? 3 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const countyTeams = size.teams - size.cityTeams;
  const perCounty = weights.map((w) => Math.floor((countyTeams * w) / totalWeight));
  for (let c = 0, left = countyTeams - perCounty.reduce((a, b) => a + b, 0); left > 0; c = (c + 1) % perCounty.length, left--) perCounty[c]!++;
  const teams: Array<{ id: string; name: string; regionUnitId: string; createdAt: Date }> = [];
  const start = Date.now() - size.teams * 60_000;
  const addTeam = (name: string, regionUnitId: string) => teams.push({ id: randomUUID(), name, regionUnitId, createdAt: new Date(start + teams.length * 60_000) });
  for (let k = 0; k < size.cityTeams; k++) addTeam(`市直招商${k + 1}队`, city.id);
  counties.forEach((county, c) => {
    for (let k = 0; k < perCounty[c]!; k++) {
      // A third at county level, the rest spread over the county's townships.
      const unit = k % 3 === 0 ? county : townships[c]![k % size.townshipsPerCounty]!;
      addTeam(`${unit.name}招商${k + 1}队`, unit.id);
    }
  });

  // Members: round-robin into teams (≈5 each), every tenth also in a second team; the first member leads.
  const membership: Array<[string, string]> = [];
  const leaders = new Map<string, string>();
  members.forEach((m, i) => {
    const team = teams[i % teams.length]!;
    membership.push([team.id, m.id]);
    if (!leaders.has(team.id)) leaders.set(team.id, m.id);
    if (i % 10 === 0) {
      const second = teams[(i * 7 + 1) % teams.length]!;
      if (second.id !== team.id) membership.push([second.id, m.id]);
    }
  });
  const seen = new Set<string>();
  const uniqueMembership = membership.filter(([t, u]) => !seen.has(`${t}/${u}`) && seen.add(`${t}/${u}`));
  await insertRows(db, 'teams', ['id', 'name', 'region_unit_id', 'leader_id', 'created_at', 'updated_at'], ['uuid', 'varchar', 'uuid', 'uuid', 'timestamptz', 'timestamptz'], teams.map((t) => [t.id, t.name, t.regionUnitId, leaders.get(t.id) ?? null, t.createdAt, t.createdAt]));
  await insertRows(db, 'team_members', ['team_id', 'user_id'], ['uuid', 'uuid'], uniqueMembership);

  // Reference data and each team's focus: 1–2 chains, one source region.
  const chainIds = CHAINS.map(() => randomUUID());
  const sourceIds = SOURCE_REGIONS.map(() => randomUUID());
  await insertRows(db, 'industry_chains', ['id', 'name', 'sort_order'], ['uuid', 'varchar', 'int'], CHAINS.map((name, i) => [chainIds[i], name, i]));
  await insertRows(db, 'source_regions', ['id', 'name', 'sort_order', 'is_primary'], ['uuid', 'varchar', 'int', 'bool'], SOURCE_REGIONS.map((name, i) => [sourceIds[i], name, i, i === 0]));
  const focusChains: Array<[string, string]> = [];
  teams.forEach((t, i) => {
    focusChains.push([t.id, chainIds[i % chainIds.length]!]);
    if (i % 2 === 0) focusChains.push([t.id, chainIds[(i + 4) % chainIds.length]!]);
  });
  await insertRows(db, 'team_focus_chains', ['team_id', 'industry_chain_id'], ['uuid', 'uuid'], focusChains);
  await insertRows(db, 'team_focus_source_regions', ['team_id', 'source_region_id'], ['uuid', 'uuid'], teams.map((t, i) => [t.id, sourceIds[i % sourceIds.length]!]));

  // Each manager manages one county (and so every team at or below it).
  await insertRows(db, 'manager_scopes', ['user_id', 'region_unit_id'], ['uuid', 'uuid'], managers.map((m, c) => [m.id, counties[c]!.id]));

  // Planner statistics now, and no autovacuum of the fresh tables in the middle of a measurement.
  await db.query('VACUUM (ANALYZE)');
  const firstCountyPath = counties[0]!.path;
  const byId = new Map(units.map((u) => [u.id, u]));
  return {
    cityId: city.id,
    countyIds: counties.map((c) => c.id),
    adminUsername: 'bench-admin',
    managerUsernames: managers.map((m) => m.username),
    memberUsernames: members.map((m) => m.username),
    teamsUnderFirstCounty: teams.filter((t) => byId.get(t.regionUnitId)!.path.startsWith(firstCountyPath)).length,
    counts: {
      regionUnits: units.length,
      users: users.length,
      teams: teams.length,
      teamMembers: uniqueMembership.length,
      managerScopes: managers.length,
    },
  };
}

/** One INSERT for all rows: each column goes as a typed array and comes back out of unnest. */
export async function insertRows(db: Pool, table: string, columns: string[], types: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map((_, c) => rows.map((r) => r[c] ?? null));
  const params = types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${params})`, arrays);
}
