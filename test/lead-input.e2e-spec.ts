import { LeadStage } from '../src/leads/entities/lead-stage';
import { Client, CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * What a lead form sends (issue 17): amounts as people paste them (5,000 from a spreadsheet,
 * full-width digits from a Chinese IME, stray spaces) are read, not refused; a figure beyond
 * 10万亿元 is refused with a Chinese message naming the field; a lead past its 预计签约日期 is
 * 已逾期 (isOverdue).
 */
describe('lead input: pasted amounts normalised, absurd amounts refused, past expected dates overdue', () => {
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

  // Expected canonical values written by hand.
  it.each([
    ['5,000', '5000'],
    [' 50000 ', '50000'],
    ['５００００', '50000'],
    ['５，０００．５', '5000.5'],
    ['1,234,567.8900', '1234567.89'],
    ['\u300012 345\u3000', '12345'],
    ['1,000,000,000', '1000000000'],
  ])('a lead with intendedAmount %j is stored as %j', async (typed, stored) => {
    const res = await a.post('/leads').send(await p.leadBody({ intendedAmount: typed })).expect(201);
    expect(res.body.intendedAmount).toBe(stored);
    const [row] = await p.db.query('SELECT intended_amount::text AS v FROM leads WHERE id = $1', [res.body.id]);
    expect(row.v).toBe(`${stored}${stored.includes('.') ? '0'.repeat(4 - stored.split('.')[1]!.length) : '.0000'}`);
  });

  it('a PATCH and a signing read pasted amounts the same way', async () => {
    const lead = (await a.post('/leads').send(await p.leadBody()).expect(201)).body;
    const patched = await a.patch(`/leads/${lead.id}`).send({ intendedAmount: '２,５００', version: lead.version }).expect(200);
    expect(patched.body.intendedAmount).toBe('2500');
    const signed = await a
      .post(`/leads/${lead.id}/signings`)
      .send({ agreementType: 'investment', amount: ' 3,000.25 ', signedOn: dayOffset(-1), landingRegionUnitId: org.countyX.id })
      .expect(201);
    expect(signed.body.amount).toBe('3000.25');
  });

  it.each([
    ['99,999,999,999,999', /intendedAmount 超出上限.*1,000,000,000万元/],
    ['1000000000.0001', /intendedAmount 超出上限/],
    ['50,00', /intendedAmount 须为以万元计的金额/],
    ['5.000.0', /intendedAmount 须为以万元计的金额/],
    ['五千', /intendedAmount 须为以万元计的金额/],
    ['-5,000', /intendedAmount 须为以万元计的金额.*不能为负/],
  ])('refuses intendedAmount %j with 400 naming the field in Chinese', async (typed, message) => {
    const before = await p.count('leads');
    const res = await a.post('/leads').send(await p.leadBody({ intendedAmount: typed }));
    expectAppError(res, 400, 'VALIDATION_FAILED', 'intendedAmount');
    expect(JSON.stringify(res.body)).toMatch(message);
    expect(await p.count('leads')).toBe(before);
  });

  it('refuses a signing beyond the ceiling, naming amount', async () => {
    const lead = await p.lead(org.memberA);
    const res = await a
      .post(`/leads/${lead.id}/signings`)
      .send({ agreementType: 'investment', amount: '１２,０００,０００,０００', signedOn: dayOffset(-1), landingRegionUnitId: org.countyX.id });
    expectAppError(res, 400, 'VALIDATION_FAILED', 'amount');
    expect(JSON.stringify(res.body)).toMatch(/amount 超出上限/);
  });

  describe('已逾期: an open lead whose 预计签约日期 is before today’s Beijing calendar day', () => {
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

    it('GET /leads?overdue=true lists exactly the overdue ones of the caller’s scope, false the others', async () => {
      const b = await crm.as(org.memberB);
      const past = (await b.post('/leads').send(await p.leadBody({ expectedSignDate: dayOffset(-2) })).expect(201)).body;
      const today = (await b.post('/leads').send(await p.leadBody({ expectedSignDate: dayOffset(0) })).expect(201)).body;
      const none = (await b.post('/leads').send(await p.leadBody({ expectedSignDate: null })).expect(201)).body;
      const ids = async (overdue: string) => ((await b.get('/leads').query({ overdue, limit: 200 }).expect(200)).body.items as Array<{ id: string; isOverdue: boolean }>);
      const yes = await ids('true');
      expect(yes.map((l) => l.id)).toEqual([past.id]);
      expect((await ids('false')).map((l) => l.id).sort()).toEqual([today.id, none.id].sort());
      expectAppError(await b.get('/leads').query({ overdue: 'maybe' }), 400, 'VALIDATION_FAILED', 'overdue');
    });
  });
});
