import { AttributionAndCredits1796600800000 } from '../migrations/1796600800000-AttributionAndCredits';
import { IncrementalSummaries1796603410000 } from '../migrations/1796603410000-IncrementalSummaries';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { Factory } from './harness/factories';
import { TargetFactory } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * The attribution migration on signings that existed before it: each gets a landing unit (the
 * lead's 拟落地旗县区, else the registry project's unit, else the signing team's home unit, each
 * mapped up to its county, or the city) and one credit row for its holder. Run here by taking
 * the migration down over signings recorded today and up again.
 */
describe('migration 1796600800000 AttributionAndCredits backfills existing signings', () => {
  let t: TestApp;
  let tf: TargetFactory;
  const expected: Record<string, string> = {};
  const supplements = new Set<string>();
  let rows: Array<{ id: string; landing_region_unit_id: string; team_id: string; amount: string; credits: Array<{ team_id: string; amount: string; projects: number }> }>;

  beforeAll(async () => {
    t = await createTestApp();
    tf = new TargetFactory(t, new Factory(t));
    const org = await tf.org();
    // The lead names a township of county X: county X (the supplement too).
    const a = await tf.lead(org.memberC, '2024-01-10', { targetRegionUnitId: org.townshipX.id });
    const a1 = await tf.sign(org.memberC, a.id, '100', '2024-02-01');
    const a2 = await tf.sign(org.memberC, a.id, '0.5', '2024-03-01', SigningKind.Supplement);
    expected[a1.id] = org.countyX.id;
    expected[a2.id] = org.countyX.id;
    supplements.add(a2.id);
    // No target; the registry project stands in county Y: county Y.
    const b = await tf.lead(org.memberA, '2024-01-10');
    const b1 = await tf.sign(org.memberA, b.id, '200', '2024-02-01');
    await tf.rollup(b, b1);
    await tf.db.query('UPDATE projects SET region_unit_id = $2 WHERE lead_id = $1', [b.id, org.countyY.id]);
    expected[b1.id] = org.countyY.id;
    // No target, no project: the team's home — a township of county X — mapped up to X.
    const c = await tf.lead(org.memberT, '2024-01-10');
    expected[(await tf.sign(org.memberT, c.id, '300', '2024-02-01')).id] = org.countyX.id;
    // The city's own team: the city (市本级).
    const d = await tf.lead(org.memberCity, '2024-01-10');
    expected[(await tf.sign(org.memberCity, d.id, '400.0001', '2024-02-01')).id] = org.city.id;

    const runner = tf.db.createQueryRunner();
    try {
      const migration = new AttributionAndCredits1796600800000();
      // The views it recreates became tables later: back to views around it, and tables again.
      const later = new IncrementalSummaries1796603410000();
      await runner.startTransaction();
      await later.down(runner);
      await migration.down(runner);
      await migration.up(runner);
      await later.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    rows = await tf.db.query(
      `SELECT s.id, s.landing_region_unit_id, s.team_id, s.amount::text AS amount,
              (SELECT json_agg(json_build_object('team_id', c.team_id, 'amount', c.amount::text, 'projects', c.projects)) FROM signing_credits c WHERE c.signing_id = s.id) AS credits
         FROM signings s WHERE s.id = ANY($1)`,
      [Object.keys(expected)],
    );
  });
  afterAll(() => t.close());

  it('places each signing: the lead’s target → the project’s unit → the team’s home, up to a county or the city', () => {
    expect(Object.fromEntries(rows.map((r) => [r.id, r.landing_region_unit_id]))).toEqual(expected);
  });

  it('credits each to its holder: the whole amount, the project once (first signings only)', () => {
    for (const r of rows) expect(r.credits).toEqual([{ team_id: r.team_id, amount: r.amount, projects: supplements.has(r.id) ? 0 : 1 }]);
  });
});
