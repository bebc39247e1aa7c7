import { randomInt } from 'node:crypto';
import type { Response } from 'supertest';
import { LeadView } from '../src/leads/dto/lead.dto';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { Client, CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/** 万元 as integer ten-thousandths, and back: the test's own exact arithmetic. */
const units = (amount: string): bigint => {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole as string) * 10_000n + BigInt(frac.padEnd(4, '0'));
};
const wan = (u: bigint): string => {
  const frac = (u % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${u / 10_000n}${frac ? `.${frac}` : ''}`;
};

describe('signings and signing events', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client;
  let a2: Client;
  let b: Client;
  let c: Client;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    a = await crm.as(org.memberA);
    a2 = await crm.as(org.memberA2);
    b = await crm.as(org.memberB);
    c = await crm.as(org.memberC);
    admin = await p.adminClient();
  });
  afterAll(() => t.close());

  // The leads here name no 拟落地旗县区: each signing says where it lands (county X unless told).
  const sign = (c: Client, lead: { id: string }, body: Record<string, unknown>) =>
    c.post(`/leads/${lead.id}/signings`).send({ agreementType: 'investment', amount: '1000', signedOn: dayOffset(-1), landingRegionUnitId: org.countyX.id, ...body });

  /** What a refused signing must leave untouched. */
  const snapshot = async (leadId: string) => ({
    lead: (await p.db.query('SELECT stage, version, signed_amount::text, signed_on FROM leads WHERE id = $1', [leadId]))[0],
    signings: await p.count('signings', 'lead_id = $1', [leadId]),
    changes: await p.count('lead_stage_changes', 'lead_id = $1', [leadId]),
  });

  describe('signing a lead', () => {
    it('the first signing moves the lead to signed and records type, amount, date and parties', async () => {
      const lead = await p.move(org.memberA, (await p.lead(org.memberA, { intendedAmount: '400000' })).id, LeadStage.Negotiating);
      const signedOn = dayOffset(-2);
      const res = await sign(a, lead, { agreementType: 'framework', amount: '308000.5', signedOn, parties: '开鲁县人民政府；华能内蒙古东部能源有限公司', version: lead.version }).expect(201);
      expect(res.body).toMatchObject({
        leadId: lead.id,
        leadTitle: lead.title,
        enterprise: { id: lead.enterprise.id },
        team: { id: org.teamA.id },
        kind: 'initial',
        agreementType: 'framework',
        agreementTypeLabel: '框架协议',
        amount: '308000.5',
        signedOn,
        parties: '开鲁县人民政府；华能内蒙古东部能源有限公司',
        signingEventId: null,
      });
      const now = await a.get(`/leads/${lead.id}`).expect(200);
      expect(now.body).toMatchObject({ stage: 'signed', stageLabel: '已签约', signedOn, signedAmount: '308000.5', intendedAmount: '400000', version: lead.version + 1 });
      const listed = await a.get(`/leads/${lead.id}/signings`).expect(200);
      expect(listed.body.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
      const changes = await p.stageChanges(lead.id);
      expect(changes[changes.length - 1]).toMatchObject({ from_stage: 'negotiating', to_stage: 'signed', actor_id: org.memberA.id });
      const timeline = await a.get(`/leads/${lead.id}/timeline`).expect(200);
      expect(timeline.body.filter((e: { kind: string }) => e.kind === 'signing').map((e: { title: string }) => e.title)).toEqual([`签约：框架协议 308000.5 万元（${signedOn}）`]);
      // The funnel counts it as having reached every stage up to signed.
      const [row] = await p.db.query('SELECT furthest_stage_ordinal FROM leads WHERE id = $1', [lead.id]);
      expect(row.furthest_stage_ordinal).toBe(4);
    });

    it('a second initial signing is 409 LEAD_ALREADY_SIGNED and writes nothing', async () => {
      const lead = await p.lead(org.memberA);
      await p.sign(org.memberA, lead.id, { amount: '5000' });
      const before = await snapshot(lead.id);
      expectAppError(await sign(a, lead, { amount: '1' }), 409, 'LEAD_ALREADY_SIGNED');
      expectAppError(await sign(a, lead, { kind: 'initial', amount: '5000' }), 409, 'LEAD_ALREADY_SIGNED');
      expect(await snapshot(lead.id)).toEqual(before);
    });

    it('a supplement before the first signing is 409 SUPPLEMENT_BEFORE_SIGNING and writes nothing', async () => {
      const lead = await p.lead(org.memberA);
      const before = await snapshot(lead.id);
      expectAppError(await sign(a, lead, { kind: 'supplement' }), 409, 'SUPPLEMENT_BEFORE_SIGNING');
      expect(await snapshot(lead.id)).toEqual(before);
    });

    it('a supplement counts only its added amount: the lead’s signed amount is the exact sum', async () => {
      const lead = await p.lead(org.memberA);
      await sign(a, lead, { amount: '308000.1234', signedOn: dayOffset(-10) }).expect(201);
      const first = await sign(a, lead, { kind: 'supplement', agreementType: 'formal_contract', amount: '0.0001', signedOn: dayOffset(-5) }).expect(201);
      expect(first.body).toMatchObject({ kind: 'supplement', amount: '0.0001' });
      await sign(a, lead, { kind: 'supplement', amount: 0.1, signedOn: dayOffset(-1) }).expect(201);
      await sign(a, lead, { kind: 'supplement', amount: '99999.7765', signedOn: dayOffset(-1) }).expect(201);
      const now = await a.get(`/leads/${lead.id}`).expect(200);
      expect(now.body).toMatchObject({ stage: 'signed', signedOn: dayOffset(-10), signedAmount: '408000' });
      expect((await a.get(`/leads/${lead.id}/signings`).expect(200)).body.map((s: { kind: string }) => s.kind)).toEqual(['initial', 'supplement', 'supplement', 'supplement']);
      // Only the first signing moved the lead.
      expect((await p.stageChanges(lead.id)).filter((c) => c.to_stage === 'signed')).toHaveLength(1);
      // Dated before the first signing: refused, naming signedOn.
      expectAppError(await sign(a, lead, { kind: 'supplement', signedOn: dayOffset(-11) }), 400, 'SIGNING_BEFORE_FIRST', 'signedOn');
    });

    it('a supplement that would carry the signed amount past what can be recorded is 400 naming amount, not a server error', async () => {
      const lead = await p.lead(org.memberA);
      await sign(a, lead, { amount: '1000' }).expect(201);
      // One amount may not exceed 10万亿元 any more; the column's edge is reached by a history of signings, stood in for here.
      await p.db.query(`UPDATE leads SET signed_amount = '99999999999999.9998' WHERE id = $1`, [lead.id]);
      const before = await snapshot(lead.id);
      expectAppError(await sign(a, lead, { kind: 'supplement', amount: '0.0002' }), 400, 'SIGNED_AMOUNT_TOO_LARGE', 'amount');
      expect(await snapshot(lead.id)).toEqual(before);
      await sign(a, lead, { kind: 'supplement', amount: '0.0001' }).expect(201);
      expect((await a.get(`/leads/${lead.id}`).expect(200)).body.signedAmount).toBe('99999999999999.9999');
    });

    it.each([
      ['on hold', LeadStage.OnHold],
      ['lost', LeadStage.Lost],
    ])('a lead %s cannot be signed: 409 LEAD_NOT_SIGNABLE, nothing written', async (_w, stage) => {
      const lead = await p.move(org.memberA, (await p.lead(org.memberA)).id, stage);
      const before = await snapshot(lead.id);
      expectAppError(await sign(a, lead, {}), 409, 'LEAD_NOT_SIGNABLE');
      expect(await snapshot(lead.id)).toEqual(before);
    });

    it.each([
      ['zero', { amount: '0' }, 'amount'],
      ['zero as a number', { amount: 0 }, 'amount'],
      ['a negative amount', { amount: '-100' }, 'amount'],
      ['five decimals', { amount: '100.12345' }, 'amount'],
      ['an inexact JSON float', { amount: 0.1 + 0.2 }, 'amount'],
      ['no amount', { amount: undefined }, 'amount'],
      ['an unknown agreement type', { agreementType: 'mou' }, 'agreementType'],
      ['a bad date', { signedOn: '2022-13-01' }, 'signedOn'],
      ['a month', { signedOn: '2022-04' }, 'signedOn'],
      ['a week date', { signedOn: '2022-W17' }, 'signedOn'],
      ['an ordinal date', { signedOn: '2022-117' }, 'signedOn'],
      ['a date-time', { signedOn: '2022-04-27T10:00:00+08:00' }, 'signedOn'],
      ['an unknown kind', { kind: 'expansion' }, 'kind'],
      ['an event id that is not an id', { signingEventId: 'spring' }, 'signingEventId'],
    ])('refuses %s with 400 naming the field, nothing written', async (_w, patch, field) => {
      const lead = await p.lead(org.memberA);
      const before = await snapshot(lead.id);
      const body: Record<string, unknown> = { agreementType: 'investment', amount: '1000', signedOn: dayOffset(-1), ...patch };
      for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
      expectAppError(await a.post(`/leads/${lead.id}/signings`).send(body), 400, 'VALIDATION_FAILED', field);
      expect(await snapshot(lead.id)).toEqual(before);
    });

    it('a signing dated in the future is 400 SIGNING_IN_FUTURE naming signedOn', async () => {
      const lead = await p.lead(org.memberA);
      const before = await snapshot(lead.id);
      expectAppError(await sign(a, lead, { signedOn: dayOffset(1) }), 400, 'SIGNING_IN_FUTURE', 'signedOn');
      expect(await snapshot(lead.id)).toEqual(before);
      await sign(a, lead, { signedOn: dayOffset(0) }).expect(201);
    });

    it('a signing dated apart from its event’s day is 400 SIGNING_DATE_MISMATCH naming signedOn, nothing written', async () => {
      const event = await p.signingEvent({ heldOn: dayOffset(-3) });
      const lead = await p.move(org.memberA, (await p.lead(org.memberA)).id, LeadStage.Negotiating);
      const before = await snapshot(lead.id);
      expectAppError(await sign(a, lead, { signingEventId: event.id, signedOn: dayOffset(-2) }), 400, 'SIGNING_DATE_MISMATCH', 'signedOn');
      expect(await snapshot(lead.id)).toEqual(before);
      expectAppError(await sign(a, lead, { signingEventId: '00000000-0000-4000-8000-000000000000' }), 400, 'SIGNING_EVENT_NOT_FOUND', 'signingEventId');
      expect(await snapshot(lead.id)).toEqual(before);
      const ok = await sign(a, lead, { signingEventId: event.id, signedOn: dayOffset(-3) }).expect(201);
      expect(ok.body.signingEventId).toBe(event.id);
      // A supplement in an event follows the same rule.
      const other = await p.signingEvent({ heldOn: dayOffset(-1) });
      expectAppError(await sign(a, lead, { kind: 'supplement', signingEventId: other.id, signedOn: dayOffset(-3) }), 400, 'SIGNING_DATE_MISMATCH', 'signedOn');
    });

    it('a signing naming a stale version is 409 LEAD_VERSION_CONFLICT, nothing written', async () => {
      const lead = await p.lead(org.memberA);
      await p.move(org.memberA, lead.id, LeadStage.Contacted);
      const before = await snapshot(lead.id);
      const res = await sign(a, lead, { version: lead.version });
      expectAppError(res, 409, 'LEAD_VERSION_CONFLICT');
      expect(res.body.details).toMatchObject({ currentStage: 'contacted', currentVersion: lead.version + 1 });
      expect(await snapshot(lead.id)).toEqual(before);
    });

    it('two first signings of one lead at once: one 201, one 409, one signing', async () => {
      for (let round = 0; round < 5; round++) {
        const lead = await p.lead(org.memberA);
        const answers: Response[] = await Promise.all([sign(a, lead, { amount: '100' }), sign(a2, lead, { amount: '200' })]);
        expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
        const loser = answers.find((r) => r.status === 409) as Response;
        expect(['LEAD_ALREADY_SIGNED', 'LEAD_VERSION_CONFLICT']).toContain(loser.body.code);
        const winner = answers.find((r) => r.status === 201) as Response;
        expect(await snapshot(lead.id)).toMatchObject({ signings: 1, changes: 2, lead: { stage: 'signed', signed_amount: `${winner.body.amount}.0000` } });
      }
    }, 30_000);

    it('only the owning team or a manager above it signs; others get 404', async () => {
      const lead = await p.lead(org.memberA);
      expectAppError(await sign(b, lead, {}), 404, 'NOT_FOUND');
      expectAppError(await sign(c, lead, {}), 404, 'NOT_FOUND');
      await sign(await crm.as(org.managerX), lead, {}).expect(201);
    });
  });

  describe('signing events', () => {
    it('admin CRUD; members and managers may read but not write (403)', async () => {
      const member = a;
      const manager = await crm.as(org.managerX);
      const body = { name: '2022年春季网签大会', heldOn: '2022-04-27', isOnline: true, location: '通辽市', description: '31个项目' };
      for (const c of [member, manager]) {
        expectAppError(await c.post('/signing-events').send(body), 403, 'FORBIDDEN');
      }
      const created = await admin.post('/signing-events').send(body).expect(201);
      expect(created.body).toMatchObject({ ...body, projectCount: 0, signingCount: 0, totalAmount: '0', totalAmountYi: '0' });
      const url = `/signing-events/${created.body.id}`;
      for (const c of [member, manager]) {
        await c.get(url).expect(200);
        expectAppError(await c.patch(url).send({ name: '改名' }), 403, 'FORBIDDEN');
        expectAppError(await c.delete(url), 403, 'FORBIDDEN');
      }
      const renamed = await admin.patch(url).send({ name: '2022年春季网上签约大会', heldOn: '2022-04-28' }).expect(200);
      expect(renamed.body).toMatchObject({ name: '2022年春季网上签约大会', heldOn: '2022-04-28' });
      for (const heldOn of ['2022-04-31', '2022-04', '2022-W17', '2022-117', '2022-04-27T09:00:00Z']) {
        expectAppError(await admin.post('/signing-events').send({ ...body, heldOn }), 400, 'VALIDATION_FAILED', 'heldOn');
      }
      expectAppError(await admin.post('/signing-events').send({ heldOn: '2022-04-27' }), 400, 'VALIDATION_FAILED', 'name');
      for (const field of ['name', 'heldOn', 'isOnline']) {
        expectAppError(await admin.patch(url).send({ [field]: null }), 400, 'VALIDATION_FAILED', field);
      }
      const cleared = await admin.patch(url).send({ location: null, description: null }).expect(200);
      expect(cleared.body).toMatchObject({ location: null, description: null, name: '2022年春季网上签约大会', isOnline: true });
      await admin.delete(url).expect(204);
      expectAppError(await admin.get(url), 404, 'NOT_FOUND');
      expectAppError(await admin.delete(url), 404, 'NOT_FOUND');
    });

    it('31 signings of one event total exactly 5919500万元 (591.95亿元); supplements add to the total and signings, not to projects', async () => {
      const event = (await admin.post('/signing-events').send({ name: `2022年春季网签大会${Date.now()}`, heldOn: '2022-04-27', isOnline: true }).expect(201)).body;
      // 30 amounts with four decimals, and one that balances them to exactly 5919500 万元.
      const amounts: string[] = [];
      for (let i = 0; i < 30; i++) amounts.push(wan(BigInt(randomInt(1_000_000, 190_000_000)) * 10n + BigInt(randomInt(1, 10))));
      const rest = units('5919500') - amounts.reduce((s, x) => s + units(x), 0n);
      expect(rest > 0n).toBe(true);
      amounts.push(wan(rest));
      const members = [org.memberA, org.memberB, org.memberC];
      const leads: LeadView[] = [];
      for (let i = 0; i < 31; i++) leads.push(await p.lead(members[i % 3] as (typeof members)[number], { title: `网签项目${i + 1}号` }));
      const clients = [a, b, c];
      for (const [i, lead] of leads.entries()) {
        const by = clients[i % 3] as Client;
        // Half of them as JSON numbers (exact within 15 digits), half as strings.
        const amount = i % 2 ? Number(amounts[i]) : amounts[i];
        const res = await sign(by, lead, { signingEventId: event.id, signedOn: '2022-04-27', amount, agreementType: 'investment' });
        expect({ i, status: res.status, amount: res.body.amount }).toEqual({ i, status: 201, amount: amounts[i] });
      }
      const totals = await admin.get(`/signing-events/${event.id}`).expect(200);
      expect(totals.body).toMatchObject({ projectCount: 31, signingCount: 31, totalAmount: '5919500', totalAmountYi: '591.95' });
      const listed = await admin.get('/signing-events').query({ year: 2022, limit: 200 }).expect(200);
      expect(listed.body.items.find((e: { id: string }) => e.id === event.id)).toMatchObject({ totalAmount: '5919500', totalAmountYi: '591.95', projectCount: 31 });
      // Members see the same public totals.
      expect((await a.get(`/signing-events/${event.id}`).expect(200)).body.totalAmount).toBe('5919500');

      // A supplement at the same event adds its amount and a signing, not a project.
      const expanded = leads[4] as LeadView;
      await sign(b, expanded, { kind: 'supplement', signingEventId: event.id, signedOn: '2022-04-27', amount: '500.0001' }).expect(201);
      // One outside the event does not touch its totals.
      await sign(b, expanded, { kind: 'supplement', signedOn: dayOffset(-1), amount: '7' }).expect(201);
      const after = await admin.get(`/signing-events/${event.id}`).expect(200);
      expect(after.body).toMatchObject({ projectCount: 31, signingCount: 32, totalAmount: '5920000.0001', totalAmountYi: '592.00000001' });
      const lead = await b.get(`/leads/${expanded.id}`).expect(200);
      expect(lead.body.signedAmount).toBe(wan(units(amounts[4] as string) + units('500.0001') + units('7')));

      // The event's signings: each caller sees those in scope; the admin all.
      const seen = async (c: Client) => (await c.get(`/signing-events/${event.id}/signings`).expect(200)).body as Array<{ leadId: string; team: { id: string } }>;
      const all = await seen(admin);
      expect(all).toHaveLength(32);
      expect(all.reduce((s, x) => s + units((x as unknown as { amount: string }).amount), 0n)).toBe(units('5920000.0001'));
      const ofA = await seen(a);
      expect(ofA).toHaveLength(11);
      expect(new Set(ofA.map((s) => s.team.id))).toEqual(new Set([org.teamA.id]));
      const ofX = await seen(await crm.as(org.managerX));
      expect(ofX).toHaveLength(11 + 11);
      expect(ofX.every((s) => s.team.id !== org.teamC.id)).toBe(true);
      const ofC = await seen(c);
      expect(new Set(ofC.map((s) => s.leadId))).toEqual(new Set(leads.filter((_l, i) => i % 3 === 2).map((l) => l.id)));
      expect(await seen(await p.managerClient({ regionUnitIds: [(await f.region()).id] }))).toEqual([]);

      // An event with signings keeps its date and cannot be deleted; its name may change.
      expectAppError(await admin.patch(`/signing-events/${event.id}`).send({ heldOn: '2022-04-28' }), 409, 'SIGNING_EVENT_IN_USE', 'heldOn');
      await admin.patch(`/signing-events/${event.id}`).send({ name: '2022年通辽市春季网上签约大会', heldOn: '2022-04-27' }).expect(200);
      expectAppError(await admin.delete(`/signing-events/${event.id}`), 409, 'SIGNING_EVENT_IN_USE');
      expect((await admin.get(`/signing-events/${event.id}`).expect(200)).body).toMatchObject({ heldOn: '2022-04-27', totalAmount: '5920000.0001' });

      // The board of the whole city counts 31 signed projects, supplements included in the amount, once.
      const board = await admin.get('/pipeline/board').query({ regionUnitId: org.city.id }).expect(200);
      const ownSigned = await p.db.query(
        `SELECT count(*)::int AS n, COALESCE(sum(signed_amount), 0)::text AS total FROM leads l JOIN teams t ON t.id = l.team_id
          JOIN region_units r ON r.id = t.region_unit_id WHERE l.stage = 'signed' AND l.deleted_at IS NULL AND r.path LIKE (SELECT path FROM region_units WHERE id = $1) || '%'`,
        [org.city.id],
      );
      expect(board.body.signed).toEqual({ count: ownSigned[0].n, signedAmount: wan(units(ownSigned[0].total)) });
    }, 60_000);

    it('an unknown event is 404 for its details and its signings', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expectAppError(await admin.get(`/signing-events/${missing}`), 404, 'NOT_FOUND');
      expectAppError(await admin.get(`/signing-events/${missing}/signings`), 404, 'NOT_FOUND');
      expectAppError(await admin.patch(`/signing-events/${missing}`).send({ name: '不存在的活动' }), 404, 'NOT_FOUND');
    });
  });
});
