import { AppError } from '../src/common/errors/app-error';
import { ProjectsService } from '../src/projects/projects.service';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { CrmFactory } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

describe('registry: signings roll up into projects exactly once', () => {
  let t: TestApp;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let registry: ProjectsService;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let chainId: string;

  beforeAll(async () => {
    // API only: no worker rolls the outbox messages up behind the tests' backs.
    t = await createTestApp({ APP_ROLE: 'api' });
    const f = new Factory(t);
    p = new ProjectFactory(t, f);
    crm = p.crm;
    registry = t.app.get(ProjectsService);
    org = await crm.org();
    chainId = (await crm.industryChain()).id;
  });
  afterAll(() => t.close());

  const signed = async (amount: string, targetRegionUnitId: string | null = org.countyX.id) => {
    const lead = await p.lead(org.memberA, { industryChainId: chainId, targetRegionUnitId });
    const signing = await p.sign(org.memberA, lead.id, amount);
    return { lead, signing };
  };

  it('creates one project linked to the lead, enterprise, team, chain, county and signing', async () => {
    const { lead, signing } = await signed('308000.1234');
    expect(await registry.rollupSigning(p.payload(lead, signing))).toBe('created');
    const [project, ...more] = await p.projectsOfLead(lead.id);
    expect(more).toHaveLength(0);
    const admin = await p.as(await p.f.adminUser());
    const view = await admin.get(`/projects/${project?.id}`).expect(200);
    expect(view.body).toMatchObject({
      name: lead.title,
      lead: { id: lead.id, name: lead.title },
      enterprise: { id: lead.enterprise.id },
      team: { id: org.teamA.id },
      industryChain: { id: chainId },
      regionUnit: { id: org.countyX.id },
      lifecycle: 'signed',
      lifecycleLabel: '已签约',
      totalInvestment: '308000.1234',
      signedAmount: '308000.1234',
      signedOn: '2022-04-27',
      cumulativeCompleted: '0',
      overrun: false,
      signings: [{ signingId: signing.id, kind: 'initial', amount: '308000.1234', signedOn: '2022-04-27' }],
    });
    const audit = await crm.audit('project', project?.id as string);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'rollup', actorId: null });
  });

  it('running it twice changes nothing the second time', async () => {
    const { lead, signing } = await signed('5000');
    const payload = p.payload(lead, signing);
    expect(await registry.rollupSigning(payload)).toBe('created');
    const before = await p.projectsOfLead(lead.id);
    const [{ version }] = await p.db.query('SELECT version FROM projects WHERE lead_id = $1', [lead.id]);
    expect(await registry.rollupSigning(payload)).toBe('duplicate');
    expect(await registry.rollupSigning({ ...payload })).toBe('duplicate');
    expect(await p.projectsOfLead(lead.id)).toEqual(before);
    expect(await p.db.query('SELECT version FROM projects WHERE lead_id = $1', [lead.id])).toEqual([{ version }]);
    expect(await p.db.query('SELECT count(*)::int AS n FROM project_signings WHERE signing_id = $1', [signing.id])).toEqual([{ n: 1 }]);
    expect(await crm.audit('project', before[0]?.id as string)).toHaveLength(1);
  });

  it('concurrent deliveries of one signing make one project, counted once', async () => {
    const { lead, signing } = await signed('591.95');
    const payload = p.payload(lead, signing);
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => registry.rollupSigning({ ...payload })));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(7);
    const projects = await p.projectsOfLead(lead.id);
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ signed_amount: '591.9500', total_investment: '591.9500' });
  });

  it('a supplement adds only its own amount, once', async () => {
    const { lead, signing } = await signed('20000');
    const supplement = await p.sign(org.memberA, lead.id, '1500.5', SigningKind.Supplement, '2022-06-01');
    expect(await registry.rollupSigning(p.payload(lead, signing))).toBe('created');
    const extra = p.payload(lead, supplement);
    const outcomes = await Promise.all([registry.rollupSigning(extra), registry.rollupSigning(extra), registry.rollupSigning(extra)]);
    expect(outcomes.sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    const projects = await p.projectsOfLead(lead.id);
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ signed_amount: '21500.5000', total_investment: '21500.5000', signed_on: '2022-04-27' });
    // The registry agrees with the pipeline's own sum.
    const [leadRow] = await p.db.query('SELECT signed_amount FROM leads WHERE id = $1', [lead.id]);
    expect(leadRow.signed_amount).toBe('21500.5000');
  });

  it('a supplement processed before its initial signing still ends as one project with the right total', async () => {
    const { lead, signing } = await signed('10000');
    const supplement = await p.sign(org.memberA, lead.id, '2345.6789', SigningKind.Supplement, '2022-05-10');
    expect(await registry.rollupSigning(p.payload(lead, supplement))).toBe('created');
    expect(await p.projectsOfLead(lead.id)).toMatchObject([{ signed_amount: '2345.6789', signed_on: '2022-05-10' }]);
    expect(await registry.rollupSigning(p.payload(lead, signing))).toBe('applied');
    expect(await registry.rollupSigning(p.payload(lead, supplement))).toBe('duplicate');
    expect(await registry.rollupSigning(p.payload(lead, signing))).toBe('duplicate');
    const projects = await p.projectsOfLead(lead.id);
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ signed_amount: '12345.6789', total_investment: '12345.6789', signed_on: '2022-04-27' });
  });

  it('an initial and a supplement racing each other end as one project with both amounts', async () => {
    for (let i = 0; i < 3; i++) {
      const { lead, signing } = await signed('700');
      const supplement = await p.sign(org.memberA, lead.id, '0.0001', SigningKind.Supplement, '2022-05-01');
      const outcomes = await Promise.all([
        registry.rollupSigning(p.payload(lead, supplement)),
        registry.rollupSigning(p.payload(lead, signing)),
        registry.rollupSigning(p.payload(lead, supplement)),
        registry.rollupSigning(p.payload(lead, signing)),
      ]);
      expect(outcomes.sort()).toEqual(['applied', 'created', 'duplicate', 'duplicate']);
      expect(await p.projectsOfLead(lead.id)).toMatchObject([{ signed_amount: '700.0001', total_investment: '700.0001' }]);
    }
  });

  it('rolls up the payload the pipeline itself wrote to the outbox', async () => {
    const { lead, signing } = await signed('88.8');
    const [message] = await p.db.query(`SELECT payload FROM outbox_messages WHERE job_name = 'registry.rollup-signing' AND payload->>'signingId' = $1`, [signing.id]);
    expect(message).toBeDefined();
    expect(await registry.rollupSigning(message.payload)).toBe('created');
    expect(await p.projectsOfLead(lead.id)).toMatchObject([{ signed_amount: '88.8000', region_unit_id: org.countyX.id }]);
  });

  it('records the county of a township target', async () => {
    const township = await p.f.region({ parentId: org.countyY.id, level: 'township' as never });
    const { lead, signing } = await signed('1', township.id);
    await registry.rollupSigning(p.payload(lead, signing));
    expect(await p.projectsOfLead(lead.id)).toMatchObject([{ region_unit_id: org.countyY.id }]);
  });

  it('a malformed payload is a permanent error naming the field, and writes nothing', async () => {
    const { lead, signing } = await signed('1');
    const good = p.payload(lead, signing);
    for (const [bad, field] of [
      [{ ...good, amount: 0.1 + 0.2 }, 'amount'],
      [{ ...good, amount: '-5' }, 'amount'],
      [{ ...good, signingId: 'nope' }, 'signingId'],
      [{ ...good, kind: 'extra' }, 'kind'],
      [{ ...good, signedOn: '2022-04' }, 'signedOn'],
    ] as const) {
      const err = await registry.rollupSigning(bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('ROLLUP_PAYLOAD_INVALID');
      expect(((err as AppError).details as Array<{ field: string }>).map((d) => d.field)).toContain(field);
    }
    await expect(registry.rollupSigning(null)).rejects.toMatchObject({ code: 'ROLLUP_PAYLOAD_INVALID' });
    const unknownSigning = { ...good, signingId: '00000000-0000-4000-8000-000000000000' };
    await expect(registry.rollupSigning(unknownSigning)).rejects.toMatchObject({ code: 'ROLLUP_PAYLOAD_INVALID' });
    expect(await p.projectsOfLead(lead.id)).toHaveLength(0);
  });
});
