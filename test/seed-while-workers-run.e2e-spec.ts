import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/auth-user';
import { RollupSigningJob } from '../src/projects/rollup-signing.job';
import { RollupSigningPayload } from '../src/queue/jobs';
import { DEMO_PASSWORDS } from '../src/seeds/demo-accounts';
import { DEMO_LEADS } from '../src/seeds/demo-pipeline';
import { DEMO_PROJECTS, isDirect } from '../src/seeds/demo-registry';
import { SeedReport, seedTongliao } from '../src/seeds/tongliao';
import { demoFigures, expectDemoFigures } from './harness/demo-figures';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * `npm run seed:demo` against the database of a running service: its workers pick up the
 * signings' rollup messages as soon as the pipeline is in, before the seed gets to the
 * registry. The seed must then complete the projects the workers created — start dates,
 * lifecycle, plans, progress — and end with the figures of a seed run alone (test/seed.e2e-spec.ts
 * checks the same figures, by the same helper, against the same hand-written demo data).
 */
describe('seed:demo while the service’s workers run', () => {
  let t: TestApp;
  let report: SeedReport;
  let rolledUpByWorker = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.app.get(DataSource);
    report = await seedTongliao(t.app, {
      afterPipeline: async () => {
        // What the worker does with each rollup message in the outbox.
        const messages: Array<{ payload: RollupSigningPayload }> = await db.query(`SELECT payload FROM outbox_messages WHERE job_name = 'registry.rollup-signing'`);
        const job = t.app.get(RollupSigningJob);
        for (const m of messages) if ((await job.rollup(m.payload)) === 'created') rolledUpByWorker++;
      },
    });
  }, 240_000);
  afterAll(() => t.close());

  it('finds every signing rolled up by the worker and rolls none up again', () => {
    const signed = DEMO_LEADS.filter((l) => l.signing).length;
    expect(rolledUpByWorker).toBe(signed);
    expect(report.counts.registryRollups).toEqual({ created: 0, existing: signed });
  });

  it('still lands the projects’ profiles, and shows the figures of a seed run alone', async () => {
    expect(report.warnings).toEqual([]);
    // The rolled-up projects of demo-registry.ts (fifteen), every one completed.
    expect(report.counts.projectProfiles).toEqual({ created: DEMO_PROJECTS.filter((p) => !isDirect(p)).length, existing: 0 });
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'admin-zsj', password: DEMO_PASSWORDS[Role.Admin] }).expect(200);
    const bearer = login.body.accessToken as string;
    const figures = await demoFigures(t.app.get(DataSource), (url) => t.http().get(url).set('Authorization', `Bearer ${bearer}`).expect(200));
    expectDemoFigures(figures);
  });
});
