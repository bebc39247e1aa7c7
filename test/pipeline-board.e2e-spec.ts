import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { Client, CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/** The deployment's probabilities, read from the same file the app reads. */
const PROBABILITIES: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', 'config', 'pipeline.json'), 'utf8')).stageProbabilities;

const units = (amount: string): bigint => {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole as string) * 10_000n + BigInt(frac.padEnd(4, '0'));
};
const wan = (u: bigint): string => {
  const frac = (u % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${u / 10_000n}${frac ? `.${frac}` : ''}`;
};
/** amount × probability in ten-thousandths of 万元, rounded half up: the test's own reference. */
const times = (amount: bigint, probability: string): bigint => (amount * units(probability) + 5_000n) / 10_000n;

type TeamKey = 'A' | 'B' | 'C';
const OPEN = ['lead', 'contacted', 'site_visit', 'negotiating'] as const;
const PIPELINE = [...OPEN, 'signed'] as const;

/** One lead of the data set: where it sits, how it got there, and what the board should make of it. */
interface Spec {
  key: string;
  team: TeamKey;
  amount: string;
  path: LeadStage[];
  stage: LeadStage;
  furthest: number;
  chain2?: boolean;
  source?: boolean;
  anchor?: boolean;
  old?: boolean;
  signings?: string[];
  /** Days spent in each stage it has left (set on its stage changes). */
  days?: Partial<Record<LeadStage, string>>;
}

const S = LeadStage;
const DATA: Spec[] = [
  { key: 'A1', team: 'A', amount: '1000.5', path: [], stage: S.Lead, furthest: 0 },
  { key: 'A2', team: 'A', amount: '2000.25', path: [S.Contacted], stage: S.Contacted, furthest: 1, chain2: true, source: true, days: { lead: '1' } },
  { key: 'A3', team: 'A', amount: '3000.0001', path: [S.SiteVisit], stage: S.SiteVisit, furthest: 2, anchor: true, days: { lead: '2' } },
  { key: 'A4', team: 'A', amount: '4000', path: [S.Negotiating], stage: S.Negotiating, furthest: 3, source: true, days: { lead: '3' } },
  { key: 'A5', team: 'A', amount: '500', path: [S.Contacted, S.OnHold], stage: S.OnHold, furthest: 1, days: { lead: '4', contacted: '2.25' } },
  { key: 'A6', team: 'A', amount: '700', path: [S.SiteVisit, S.Lost], stage: S.Lost, furthest: 2, days: { lead: '5', site_visit: '10' } },
  { key: 'A7', team: 'A', amount: '9000', path: [S.Negotiating], stage: S.Signed, furthest: 4, signings: ['8000.1234', '0.0001'], days: { lead: '6', negotiating: '30.5' } },
  { key: 'B1', team: 'B', amount: '1234.5678', path: [S.Negotiating], stage: S.Negotiating, furthest: 3, anchor: true, chain2: true, days: { lead: '7' } },
  { key: 'B2', team: 'B', amount: '0.0005', path: [], stage: S.Lead, furthest: 0 },
  { key: 'C1', team: 'C', amount: '10000', path: [S.SiteVisit], stage: S.SiteVisit, furthest: 2, source: true, days: { lead: '100' } },
  { key: 'C2', team: 'C', amount: '333.3333', path: [], stage: S.Lead, furthest: 0, chain2: true },
  { key: 'D1', team: 'A', amount: '7777', path: [], stage: S.Lead, furthest: 0, old: true },
];

/** The board the API should answer for these leads, computed independently. */
function expectedBoard(specs: Spec[]) {
  const sum = (xs: Spec[]) => xs.reduce((s, x) => s + units(x.amount), 0n);
  const stages = OPEN.map((stage) => {
    const here = specs.filter((x) => x.stage === stage);
    const probability = PROBABILITIES[stage] as string;
    return { stage, count: here.length, intendedAmount: wan(sum(here)), probability, weightedAmount: wan(times(sum(here), probability)) };
  });
  const inStage = (stage: LeadStage) => specs.filter((x) => x.stage === stage);
  return {
    stages,
    open: {
      count: stages.reduce((s, x) => s + x.count, 0),
      intendedAmount: wan(stages.reduce((s, x) => s + units(x.intendedAmount), 0n)),
      weightedAmount: wan(stages.reduce((s, x) => s + units(x.weightedAmount), 0n)),
    },
    onHold: { stage: 'on_hold', count: inStage(S.OnHold).length, intendedAmount: wan(sum(inStage(S.OnHold))) },
    signed: { count: inStage(S.Signed).length, signedAmount: wan(inStage(S.Signed).reduce((s, x) => s + (x.signings ?? []).reduce((t, y) => t + units(y), 0n), 0n)) },
    lost: { count: inStage(S.Lost).length, intendedAmount: wan(sum(inStage(S.Lost))) },
  };
}

/** Median of decimal day counts, rounded to one decimal (half away from zero), as the API shows it. */
function median(values: string[]): string | null {
  if (values.length === 0) return null;
  const sorted = values.map((v) => units(v)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const mid = sorted.length / 2;
  const twice = sorted.length % 2 ? 2n * (sorted[Math.floor(mid)] as bigint) : (sorted[mid - 1] as bigint) + (sorted[mid] as bigint); // 2 × median, in 1/10,000 days
  const tenths = (twice + 1_000n) / 2_000n; // half up to 0.1 day
  return `${tenths / 10n}.${tenths % 10n}`;
}

function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const hundredths = (BigInt(part) * 20_000n + BigInt(whole)) / (2n * BigInt(whole));
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

function expectedFunnel(specs: Spec[]) {
  const reached = PIPELINE.map((_s, k) => specs.filter((x) => x.furthest >= k).length);
  return PIPELINE.map((stage, k) => ({
    stage,
    reached: reached[k],
    conversionToNext: k + 1 < PIPELINE.length ? percent(reached[k + 1] as number, reached[k] as number) : null,
    medianDays: stage === 'signed' ? null : median(specs.map((x) => x.days?.[stage as LeadStage]).filter((d): d is string => d !== undefined)),
  }));
}

describe('pipeline board and funnel: figures per role and filter, exact', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let chain2: string;
  let source: string;
  let admin: Client;
  let mx: Client;
  let my: Client;
  let a: Client;
  let elsewhere: Client;
  /** Each spec's lead id, by key. */
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    chain2 = (await crm.industryChain()).id;
    source = (await p.sourceRegion()).id;
    const owner: Record<TeamKey, TestUser> = { A: org.memberA, B: org.memberB, C: org.memberC };
    for (const spec of DATA) {
      const by = owner[spec.team];
      const lead = await p.lead(by, {
        intendedAmount: spec.amount,
        ...(spec.chain2 ? { industryChainId: chain2 } : {}),
        ...(spec.source ? { sourceRegionId: source } : {}),
        ...(spec.anchor ? { isAnchor: true } : {}),
      });
      ids.set(spec.key, lead.id);
      for (const to of spec.path) await p.move(by, lead.id, to);
      for (const [i, amount] of (spec.signings ?? []).entries()) await p.sign(by, lead.id, { amount, kind: i ? SigningKind.Supplement : SigningKind.Initial });
      for (const [stage, days] of Object.entries(spec.days ?? {})) {
        await p.db.query('UPDATE lead_stage_changes SET days_in_from_stage = $3 WHERE lead_id = $1 AND from_stage = $2', [lead.id, stage, days]);
      }
      if (spec.old) await p.backdate(lead.id, 40);
    }
    // A deleted lead counts nowhere, whatever it carried.
    const gone = await p.lead(org.memberA, { intendedAmount: '99999', isAnchor: true });
    await p.move(org.memberA, gone.id, S.Negotiating);
    await p.db.query(`UPDATE lead_stage_changes SET days_in_from_stage = 1000 WHERE lead_id = $1`, [gone.id]);
    await (await crm.as(org.memberA)).delete(`/leads/${gone.id}`).expect(204);

    admin = await p.adminClient();
    mx = await crm.as(org.managerX);
    my = await p.managerClient({ regionUnitIds: [org.countyY.id] });
    a = await crm.as(org.memberA);
    elsewhere = await p.managerClient({ regionUnitIds: [(await f.region()).id] });
  });
  afterAll(() => t.close());

  const board = async (c: Client, query: Record<string, unknown> = {}) => {
    const res = await c.get('/pipeline/board').query(query);
    expect(res.status).toBe(200);
    return res.body;
  };
  const funnel = async (c: Client, query: Record<string, unknown> = {}) => {
    const res = await c.get('/pipeline/funnel').query(query);
    expect(res.status).toBe(200);
    return res.body.steps;
  };
  const where = (pred: (s: Spec) => boolean) => DATA.filter(pred);

  it('the numbers the reference model gives for the whole city (a sanity check of the data set)', () => {
    const all = expectedBoard(DATA);
    expect(all.stages.map((s) => [s.stage, s.count, s.intendedAmount, s.weightedAmount])).toEqual([
      ['lead', 4, '9110.8338', '911.0834'],
      ['contacted', 1, '2000.25', '400.05'],
      ['site_visit', 2, '13000.0001', '5200'],
      ['negotiating', 2, '5234.5678', '3664.1975'],
    ]);
    expect(all.open).toEqual({ count: 9, intendedAmount: '29345.6517', weightedAmount: '10175.3309' });
    expect(all.signed).toEqual({ count: 1, signedAmount: '8000.1235' });
  });

  it.each([
    ['the admin', () => admin, () => DATA],
    ['the county manager (teams A and B only)', () => mx, () => where((s) => s.team !== 'C')],
    ['the manager of the other county (team C only)', () => my, () => where((s) => s.team === 'C')],
    ['a member of team A', () => a, () => where((s) => s.team === 'A')],
    ['a manager elsewhere (nothing)', () => elsewhere, () => []],
  ])('board for %s: counts, intended and weighted amounts, exact; signed and lost never open', async (_who, client, specs) => {
    const body = await board(client());
    expect(body).toMatchObject(expectedBoard(specs()));
    for (const s of body.stages) expect(['lead', 'contacted', 'site_visit', 'negotiating']).toContain(s.stage);
    expect(body.stages.map((s: { label: string }) => s.label)).toEqual(['线索', '初步接洽', '考察对接', '实质性洽谈']);
  });

  it.each([
    ['team B', () => ({ teamId: org.teamB.id }), (s: Spec) => s.team === 'B'],
    ['county X (its teams)', () => ({ regionUnitId: org.countyX.id }), (s: Spec) => s.team !== 'C'],
    ['county Y', () => ({ regionUnitId: org.countyY.id }), (s: Spec) => s.team === 'C'],
    ['the city', () => ({ regionUnitId: org.city.id }), () => true],
    ['the second chain', () => ({ industryChainId: chain2 }), (s: Spec) => !!s.chain2],
    ['the source region', () => ({ sourceRegionId: source }), (s: Spec) => !!s.source],
    ['anchor projects', () => ({ isAnchor: 'true' }), (s: Spec) => !!s.anchor],
    ['non-anchor projects', () => ({ isAnchor: 'false' }), (s: Spec) => !s.anchor],
    ['registered in the last ten days', () => ({ from: dayOffset(-10) }), (s: Spec) => !s.old],
    ['registered before that', () => ({ to: dayOffset(-10) }), (s: Spec) => !!s.old],
    ['team A’s anchor projects from the source region', () => ({ teamId: org.teamA.id, isAnchor: 'true', sourceRegionId: source }), () => false],
    ['team A, second chain', () => ({ teamId: org.teamA.id, industryChainId: chain2 }), (s: Spec) => s.team === 'A' && !!s.chain2],
  ])('board filtered by %s', async (_what, query, pred) => {
    expect(await board(admin, query())).toMatchObject(expectedBoard(where(pred)));
  });

  it('filters never widen a scope: the county manager asking for team C or county Y gets nothing', async () => {
    expect(await board(mx, { teamId: org.teamC.id })).toMatchObject(expectedBoard([]));
    expect(await board(mx, { regionUnitId: org.countyY.id })).toMatchObject(expectedBoard([]));
    expect(await board(mx, { industryChainId: chain2 })).toMatchObject(expectedBoard(where((s) => s.team !== 'C' && !!s.chain2)));
  });

  describe('columns: each stage’s first cards in one answer', () => {
    const COLUMNS = [...PIPELINE, 'on_hold', 'lost'];
    /** The specs' lead ids in a stage, newest change first, read straight from the table. */
    const newestFirst = async (specs: Spec[], stage: string): Promise<string[]> => {
      const wanted = specs.filter((x) => x.stage === stage).map((x) => ids.get(x.key) as string);
      const rows: { id: string }[] = await p.db.query('SELECT id FROM leads WHERE id = ANY($1) ORDER BY updated_at DESC, id DESC', [wanted]);
      return rows.map((r) => r.id);
    };
    const columns = async (c: Client, query: Record<string, unknown> = {}) => {
      const res = await c.get('/pipeline/columns').query(query);
      expect(res.status).toBe(200);
      return res.body.columns as { stage: string; label: string; items: { id: string }[]; nextCursor: string | null; total: number }[];
    };

    it.each([
      ['the admin', () => admin, () => DATA],
      ['the county manager (teams A and B only)', () => mx, () => where((s) => s.team !== 'C')],
      ['a member of team A', () => a, () => where((s) => s.team === 'A')],
      ['a manager elsewhere (nothing)', () => elsewhere, () => []],
    ])('for %s: seven columns in board order, each the stage’s leads in scope, newest change first', async (_who, client, specs) => {
      const body = await columns(client());
      expect(body.map((c) => [c.stage, c.label])).toEqual([
        ['lead', '线索'],
        ['contacted', '初步接洽'],
        ['site_visit', '考察对接'],
        ['negotiating', '实质性洽谈'],
        ['signed', '已签约'],
        ['on_hold', '搁置'],
        ['lost', '终止'],
      ]);
      for (const [i, stage] of COLUMNS.entries()) {
        const expected = await newestFirst(specs(), stage);
        expect(body[i]?.items.map((l) => l.id)).toEqual(expected);
        expect(body[i]?.total).toBe(expected.length);
        expect(body[i]?.nextCursor).toBeNull();
      }
    });

    it('each column is the lead list’s first page for its stage, card for card; its cursor continues that list', async () => {
      const body = await columns(mx, { limit: 1, regionUnitId: org.countyX.id });
      for (const column of body) {
        const list = (await mx.get('/leads').query({ stage: column.stage, sort: 'updatedAt', order: 'desc', limit: 1, regionUnitId: org.countyX.id }).expect(200)).body;
        expect(column.items).toEqual(list.items);
        expect(column.total).toBe(list.total);
        expect(column.nextCursor).toBe(list.nextCursor);
        expect(column.items.length).toBe(Math.min(1, column.total));
      }
      const lead = body.find((c) => c.stage === 'lead');
      expect(lead?.total).toBe(3); // A1, B2 and D1: county X's teams
      const rest = (await mx.get('/leads').query({ stage: 'lead', sort: 'updatedAt', order: 'desc', limit: 5, regionUnitId: org.countyX.id, cursor: lead?.nextCursor }).expect(200)).body;
      expect([...(lead?.items ?? []), ...rest.items].map((l: { id: string }) => l.id)).toEqual(await newestFirst(where((s) => s.team !== 'C'), 'lead'));
    });

    it('filters apply and never widen a scope; a cursor or a stage is refused with 400 naming it', async () => {
      const teamB = await columns(admin, { teamId: org.teamB.id });
      expect(teamB.flatMap((c) => c.items.map((l) => l.id)).sort()).toEqual(['B1', 'B2'].map((k) => ids.get(k)).sort());
      expect((await columns(mx, { teamId: org.teamC.id })).every((c) => c.total === 0 && c.items.length === 0)).toBe(true);
      expectAppError(await admin.get('/pipeline/columns').query({ cursor: 'x' }), 400, 'VALIDATION_FAILED', 'cursor');
      expectAppError(await admin.get('/pipeline/columns').query({ stage: 'lead' }), 400, 'VALIDATION_FAILED', 'stage');
      expectAppError(await admin.get('/pipeline/columns').query({ limit: '0' }), 400, 'VALIDATION_FAILED', 'limit');
      expectAppError(await admin.get('/pipeline/columns').query({ teamId: 'A' }), 400, 'VALIDATION_FAILED', 'teamId');
    });
  });

  it('tells every signed-in user the deployment’s rules: probabilities, protection period, reminder days', async () => {
    const rules = (await a.get('/pipeline/rules').expect(200)).body;
    const file = JSON.parse(readFileSync(join(__dirname, '..', 'config', 'pipeline.json'), 'utf8'));
    expect(rules).toEqual({ stageProbabilities: file.stageProbabilities, protectionDays: file.protectionDays, idleDaysByStage: file.idleDaysByStage });
  });

  it('refuses malformed filters with 400 naming them', async () => {
    expectAppError(await admin.get('/pipeline/board').query({ teamId: 'A' }), 400, 'VALIDATION_FAILED', 'teamId');
    expectAppError(await admin.get('/pipeline/board').query({ isAnchor: '1' }), 400, 'VALIDATION_FAILED', 'isAnchor');
    expectAppError(await admin.get('/pipeline/funnel').query({ from: '2022/01/01' }), 400, 'VALIDATION_FAILED', 'from');
    expectAppError(await admin.get('/pipeline/board').query({ stage: 'lead' }), 400, 'VALIDATION_FAILED', 'stage');
  });

  it('funnel for the admin: reached counts, conversions and median days over every team', async () => {
    const steps = await funnel(admin);
    expect(steps).toMatchObject(expectedFunnel(DATA));
    expect(steps.map((s: { reached: number }) => s.reached)).toEqual([12, 8, 6, 3, 1]);
    expect(steps.map((s: { conversionToNext: string | null }) => s.conversionToNext)).toEqual(['66.67', '75.00', '50.00', '33.33', null]);
    expect(steps.map((s: { medianDays: string | null }) => s.medianDays)).toEqual(['4.5', '2.3', '10.0', '30.5', null]);
  });

  it('funnel for the county manager on the same data covers only their teams', async () => {
    const steps = await funnel(mx);
    expect(steps).toMatchObject(expectedFunnel(where((s) => s.team !== 'C')));
    expect(steps.map((s: { reached: number }) => s.reached)).toEqual([10, 7, 5, 3, 1]);
    expect(steps.map((s: { conversionToNext: string | null }) => s.conversionToNext)).toEqual(['70.00', '71.43', '60.00', '33.33', null]);
    expect(steps.map((s: { medianDays: string | null }) => s.medianDays)).toEqual(['4.0', '2.3', '10.0', '30.5', null]);
    // The other county's manager sees team C's figures alone.
    const other = await funnel(my);
    expect(other).toMatchObject(expectedFunnel(where((s) => s.team === 'C')));
    expect(other.map((s: { medianDays: string | null }) => s.medianDays)).toEqual(['100.0', null, null, null, null]);
    // Nothing in scope: zero reached, no conversions, no medians.
    expect((await funnel(elsewhere)).map((s: { reached: number; conversionToNext: string | null; medianDays: string | null }) => [s.reached, s.conversionToNext, s.medianDays])).toEqual([
      [0, null, null],
      [0, null, null],
      [0, null, null],
      [0, null, null],
      [0, null, null],
    ]);
  });

  it('funnel filters apply to reached counts and medians alike', async () => {
    const steps = await funnel(admin, { teamId: org.teamB.id });
    expect(steps).toMatchObject(expectedFunnel(where((s) => s.team === 'B')));
    expect(steps.map((s: { reached: number }) => s.reached)).toEqual([2, 1, 1, 1, 0]);
    const chain = await funnel(mx, { industryChainId: chain2 });
    expect(chain).toMatchObject(expectedFunnel(where((s) => s.team !== 'C' && !!s.chain2)));
    const recent = await funnel(admin, { from: dayOffset(-10), regionUnitId: org.countyX.id });
    expect(recent).toMatchObject(expectedFunnel(where((s) => s.team !== 'C' && !s.old)));
  });

  it('real moves record the days spent: a lead left 12 days in a stage shows 12 in the funnel', async () => {
    const lead = await p.lead(org.memberC, { intendedAmount: '1' });
    await p.db.query(`UPDATE leads SET stage_entered_at = now() - interval '12 days' WHERE id = $1`, [lead.id]);
    await p.move(org.memberC, lead.id, S.Contacted);
    const [row] = (await p.stageChanges(lead.id)).slice(-1);
    expect(row).toMatchObject({ from_stage: 'lead', to_stage: 'contacted' });
    expect(Number(row?.days_in_from_stage)).toBeCloseTo(12, 2);
    const steps = await funnel(my);
    expect(steps[0].medianDays).toBe('56.0'); // median of 100 and 12
    expect(steps.map((s: { reached: number }) => s.reached)).toEqual([3, 2, 1, 0, 0]);
  });
});
