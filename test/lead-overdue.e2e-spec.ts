import { LeadStage } from '../src/leads/entities/lead-stage';
import { Client, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/** 已逾期: an open lead whose 预计签约日期 is before today's Beijing calendar day. */
describe('leads past their expected signing date', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client;

  beforeAll(async () => {
    t = await createTestApp();
    p = new PipelineFactory(t, new Factory(t));
    crm = p.crm;
    org = await crm.org();
    a = await crm.as(org.memberA);
  });
  afterAll(() => t.close());

  // [case, overdue?, expected date in days from today, stage the lead is moved to] — by hand: only an open lead dated before today.
  it.each([
    ['yesterday', true, -1, null],
    ['a year ago', true, -365, null],
    ['yesterday, on hold', true, -1, LeadStage.OnHold],
    ['today', false, 0, null],
    ['tomorrow', false, 1, null],
    ['yesterday, lost', false, -1, LeadStage.Lost],
  ] as const)('%s → isOverdue %s', async (_w, overdue, offset, stage) => {
    const created = (await a.post('/leads').send(await p.leadBody({ expectedSignDate: dayOffset(offset) })).expect(201)).body;
    if (stage) await p.move(org.memberA, created.id, stage);
    const res = await a.get(`/leads/${created.id}`).expect(200);
    expect(res.body.isOverdue).toBe(overdue);
    const listed = (await a.get('/leads').query({ limit: 200 }).expect(200)).body.items.find((l: { id: string }) => l.id === created.id);
    expect(listed.isOverdue).toBe(overdue);
  });

  it('a lead without an expected date is never overdue; a signed one neither', async () => {
    const none = (await a.post('/leads').send(await p.leadBody({ expectedSignDate: null })).expect(201)).body;
    expect(none.isOverdue).toBe(false);
    const signedLead = (await a.post('/leads').send(await p.leadBody({ expectedSignDate: dayOffset(-30) })).expect(201)).body;
    expect(signedLead.isOverdue).toBe(true);
    await a
      .post(`/leads/${signedLead.id}/signings`)
      .send({ agreementType: 'investment', amount: '100', signedOn: dayOffset(-1), landingRegionUnitId: org.countyX.id })
      .expect(201);
    expect((await a.get(`/leads/${signedLead.id}`).expect(200)).body.isOverdue).toBe(false);
  });
});
