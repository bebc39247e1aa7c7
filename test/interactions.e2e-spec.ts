import { Role } from '../src/common/auth/auth-user';
import { parseBusinessInstant } from '../src/common/time/business-time';
import { Interaction, InteractionType } from '../src/interactions/entities/interaction.entity';
import { cjk, Client, CrmFactory, dayOffset, expectAppError, ids } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const iso = (date: string) => parseBusinessInstant(date).toISOString();

describe('interactions (对接记录)', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client; // member of team A (county X)
  let a2: Client; // another member of team A
  let b: Client; // member of team B (county X)
  let c: Client; // member of team C (county Y)
  let mx: Client; // manager of county X
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    crm = new CrmFactory(t, f);
    org = await crm.org();
    [a, a2, b, c, mx] = await Promise.all([org.memberA, org.memberA2, org.memberB, org.memberC, org.managerX].map((u) => crm.as(u)));
    admin = await crm.client(Role.Admin);
  });
  afterAll(() => t.close());

  /** Logs an interaction through the API and returns its view (expects 201). */
  const log = async (as: Client, body: Record<string, unknown>) => {
    const res = await as.post('/interactions').send({ type: InteractionType.Visit, occurredAt: dayOffset(-1), summary: `拜访${cjk(3)}`, ...body });
    if (res.status !== 201) throw new Error(`log failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; followUpDoneAt: string | null; nextFollowUpAt: string | null };
  };
  const timeline = (as: Client, enterpriseId: string, query: Record<string, string | number> = {}) =>
    as.get(`/enterprises/${enterpriseId}/interactions`).query({ limit: 200, ...query });

  describe('logging', () => {
    it('a member logs a visit: their only team, themself as participant, the contacts they met; audited', async () => {
      const e = await crm.enterprise();
      const contact = await crm.contact(e.id, { name: '王经理', title: '总经理' });
      const res = await a.post('/interactions').send({
        enterpriseId: e.id,
        type: 'visit',
        occurredAt: dayOffset(-2),
        location: '北京市朝阳区',
        summary: '介绍通辽玉米生物产业链，对方有意向考察',
        outcome: '约定下月来访',
        nextFollowUpAt: dayOffset(7),
        contactIds: [contact.id],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        enterprise: { id: e.id, name: e.name },
        team: { id: org.teamA.id, name: org.teamA.name },
        author: { id: org.memberA.id },
        type: 'visit',
        typeLabel: '外出拜访',
        occurredAt: iso(dayOffset(-2)),
        location: '北京市朝阳区',
        outcome: '约定下月来访',
        nextFollowUpAt: iso(dayOffset(7)),
        followUpDoneAt: null,
        participants: [{ id: org.memberA.id }],
        contacts: [{ id: contact.id, name: '王经理', title: '总经理' }],
      });
      expect((await a.get(`/interactions/${res.body.id}`)).body).toEqual(res.body);
      const [entry] = await crm.audit('interaction', res.body.id);
      expect(entry).toMatchObject({ action: 'create', actorId: org.memberA.id });
      expect(entry?.changes).toMatchObject({ teamId: { from: null, to: org.teamA.id }, participantIds: { from: null, to: [org.memberA.id] }, contactIds: { from: null, to: [contact.id] } });
    });

    it('names the teammates who went; a date-time without an offset is Beijing time', async () => {
      const e = await crm.enterprise();
      const res = await a.post('/interactions').send({ enterpriseId: e.id, type: 'call', occurredAt: `${dayOffset(-1)}T23:30`, summary: '电话沟通', participantIds: [org.memberA.id, org.memberA2.id] });
      expect(res.status).toBe(201);
      expect(res.body.occurredAt).toBe(new Date(`${dayOffset(-1)}T23:30:00+08:00`).toISOString());
      expect(res.body.participants.map((p: { id: string }) => p.id).sort()).toEqual([org.memberA.id, org.memberA2.id].sort());
      expect(res.body.typeLabel).toBe('电话沟通');
    });

    it('a member of several teams must say which (400 naming teamId); with teamId it is logged there', async () => {
      const multi = await f.user();
      const t1 = await f.team({ regionUnitId: org.countyX.id, memberIds: [multi.id] });
      const t2 = await f.team({ regionUnitId: org.countyY.id, memberIds: [multi.id] });
      const m = await crm.as(multi);
      const e = await crm.enterprise();
      const body = { enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访' };
      expectAppError(await m.post('/interactions').send(body), 400, 'TEAM_REQUIRED', 'teamId');
      const res = await m.post('/interactions').send({ ...body, teamId: t2.id });
      expect(res.status).toBe(201);
      expect(res.body.team.id).toBe(t2.id);
      expect(t1.id).not.toBe(t2.id);
    });

    it('a user in no team must give a team (400 naming teamId)', async () => {
      const loner = await crm.client(Role.Member);
      const e = await crm.enterprise();
      expectAppError(await loner.post('/interactions').send({ enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访' }), 400, 'TEAM_REQUIRED', 'teamId');
    });

    it('a team the member is not in → 400 naming teamId; a manager may log for a team in scope, not outside it', async () => {
      const e = await crm.enterprise();
      const body = { enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访' };
      expectAppError(await a.post('/interactions').send({ ...body, teamId: org.teamB.id }), 400, 'TEAM_NOT_WRITABLE', 'teamId');
      expectAppError(await a.post('/interactions').send({ ...body, teamId: UNKNOWN }), 400, 'TEAM_NOT_WRITABLE', 'teamId');
      const byManager = await mx.post('/interactions').send({ ...body, teamId: org.teamB.id });
      expect(byManager.status).toBe(201);
      expect(byManager.body).toMatchObject({ team: { id: org.teamB.id }, author: { id: org.managerX.id }, participants: [{ id: org.managerX.id }] });
      expectAppError(await mx.post('/interactions').send({ ...body, teamId: org.teamC.id }), 400, 'TEAM_NOT_WRITABLE', 'teamId');
      expect(await crm.db.getRepository(Interaction).countBy({ enterpriseId: e.id })).toBe(1);
    });

    it('contacts of another enterprise → 400 naming contactIds, nothing logged', async () => {
      const e = await crm.enterprise();
      const other = await crm.enterprise();
      const own = await crm.contact(e.id);
      const foreign = await crm.contact(other.id);
      const res = await a.post('/interactions').send({ enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访', contactIds: [own.id, foreign.id] });
      expectAppError(res, 400, 'CONTACT_NOT_OF_ENTERPRISE', 'contactIds');
      expectAppError(await a.post('/interactions').send({ enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访', contactIds: [UNKNOWN] }), 400, 'CONTACT_NOT_OF_ENTERPRISE', 'contactIds');
      expect(await crm.db.getRepository(Interaction).countBy({ enterpriseId: e.id })).toBe(0);
    });

    it('an unknown or inactive participant → 400 naming participantIds', async () => {
      const e = await crm.enterprise();
      expectAppError(await a.post('/interactions').send({ enterpriseId: e.id, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访', participantIds: [UNKNOWN] }), 400, 'INTERACTION_PARTICIPANT_INVALID', 'participantIds');
    });

    describe('dates', () => {
      let enterpriseId: string;
      beforeAll(async () => {
        enterpriseId = (await crm.enterprise()).id;
      });
      const body = (over: Record<string, unknown>) => ({ enterpriseId, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访', ...over });

      it('nextFollowUpAt before today → 400 FOLLOW_UP_IN_PAST', async () => {
        expectAppError(await a.post('/interactions').send(body({ occurredAt: dayOffset(-5), nextFollowUpAt: dayOffset(-1) })), 400, 'FOLLOW_UP_IN_PAST', 'nextFollowUpAt');
      });

      it('nextFollowUpAt before occurredAt → 400 FOLLOW_UP_BEFORE_INTERACTION', async () => {
        const res = await a.post('/interactions').send(body({ occurredAt: `${dayOffset(0)}T12:00:00+08:00`, nextFollowUpAt: `${dayOffset(0)}T09:00:00+08:00` }));
        expectAppError(res, 400, 'FOLLOW_UP_BEFORE_INTERACTION', 'nextFollowUpAt');
      });

      it('occurredAt in the future → 400 OCCURRED_IN_FUTURE; today is fine, and so is a follow-up today', async () => {
        expectAppError(await a.post('/interactions').send(body({ occurredAt: dayOffset(1) })), 400, 'OCCURRED_IN_FUTURE', 'occurredAt');
        expectAppError(await a.post('/interactions').send(body({ occurredAt: dayOffset(30) })), 400, 'OCCURRED_IN_FUTURE', 'occurredAt');
        const today = await a.post('/interactions').send(body({ occurredAt: dayOffset(0), nextFollowUpAt: dayOffset(0) }));
        expect(today.status).toBe(201);
      });

      it.each(['2022-W17-3', '20220427', '2022-04', '2022-02-30', '2022年4月27日', 'yesterday'])('a date field of %j → 400 naming it, never a 500', async (bad) => {
        expectAppError(await a.post('/interactions').send(body({ occurredAt: bad })), 400, 'VALIDATION_FAILED', 'occurredAt');
        expectAppError(await a.post('/interactions').send(body({ nextFollowUpAt: bad })), 400, 'VALIDATION_FAILED', 'nextFollowUpAt');
        expectAppError(await a.get('/interactions').query({ from: bad }), 400, 'VALIDATION_FAILED', 'from');
        expectAppError(await a.get('/interactions').query({ followUpDueBefore: bad }), 400, 'VALIDATION_FAILED', 'followUpDueBefore');
      });

      it('refuses an unknown type, an empty summary and unknown fields', async () => {
        expectAppError(await a.post('/interactions').send(body({ type: 'dinner' })), 400, 'VALIDATION_FAILED', 'type');
        expectAppError(await a.post('/interactions').send(body({ summary: '  ' })), 400, 'VALIDATION_FAILED', 'summary');
        expectAppError(await a.post('/interactions').send(body({ authorId: org.memberB.id })), 400, 'VALIDATION_FAILED', 'authorId');
      });
    });

    it('an unknown, archived or merged enterprise → 404', async () => {
      const archived = await crm.enterprise();
      await admin.post(`/enterprises/${archived.id}/archive`).expect(200);
      const survivor = await crm.enterprise();
      const merged = await crm.enterprise();
      await admin.post(`/enterprises/${survivor.id}/merge`).send({ sourceId: merged.id }).expect(200);
      for (const enterpriseId of [UNKNOWN, archived.id, merged.id]) {
        expectAppError(await a.post('/interactions').send({ enterpriseId, type: 'visit', occurredAt: dayOffset(-1), summary: '拜访' }), 404, 'NOT_FOUND');
      }
    });
  });

  describe('who sees what', () => {
    let enterpriseId: string;
    let fromA5: string;
    let fromC4: string;
    let fromB3: string;
    let fromA2: string;
    beforeAll(async () => {
      enterpriseId = (await crm.enterprise()).id;
      fromA5 = (await log(a, { enterpriseId, occurredAt: dayOffset(-5) })).id;
      fromC4 = (await log(c, { enterpriseId, occurredAt: dayOffset(-4) })).id;
      fromB3 = (await log(b, { enterpriseId, occurredAt: dayOffset(-3) })).id;
      fromA2 = (await log(a2, { enterpriseId, occurredAt: dayOffset(-2) })).id;
    });

    it('the timeline is newest first and shows a member only their own team’s records', async () => {
      expect(ids(await timeline(a, enterpriseId))).toEqual([fromA2, fromA5]);
      expect(ids(await timeline(a2, enterpriseId))).toEqual([fromA2, fromA5]);
      expect(ids(await timeline(b, enterpriseId))).toEqual([fromB3]);
      expect(ids(await timeline(c, enterpriseId))).toEqual([fromC4]);
    });

    it('a manager of the county sees both teams under it, not the other county’s', async () => {
      expect(ids(await timeline(mx, enterpriseId))).toEqual([fromA2, fromB3, fromA5]);
    });

    it('a manager of a single team sees that team; of the city, every team below', async () => {
      const ofB = await crm.as(await f.manager({ teamIds: [org.teamB.id] }));
      expect(ids(await timeline(ofB, enterpriseId))).toEqual([fromB3]);
      const ofCity = await crm.as(await f.manager({ regionUnitIds: [org.city.id] }));
      expect(ids(await timeline(ofCity, enterpriseId))).toEqual([fromA2, fromB3, fromC4, fromA5]);
    });

    it('an admin sees all', async () => {
      expect(ids(await timeline(admin, enterpriseId))).toEqual([fromA2, fromB3, fromC4, fromA5]);
    });

    it('a manager with no scope and a user in no team see nothing', async () => {
      expect(ids(await timeline(await crm.client(Role.Manager), enterpriseId))).toEqual([]);
      expect(ids(await timeline(await crm.client(Role.Member), enterpriseId))).toEqual([]);
    });

    it('GET /interactions/:id of another team → 404, not 403', async () => {
      expect((await a.get(`/interactions/${fromA5}`)).status).toBe(200);
      expectAppError(await a.get(`/interactions/${fromB3}`), 404, 'NOT_FOUND');
      expectAppError(await a.get(`/interactions/${fromC4}`), 404, 'NOT_FOUND');
      expectAppError(await mx.get(`/interactions/${fromC4}`), 404, 'NOT_FOUND');
      expect((await mx.get(`/interactions/${fromB3}`)).status).toBe(200);
      expectAppError(await a.get(`/interactions/${UNKNOWN}`), 404, 'NOT_FOUND');
      expectAppError(await a.get('/interactions/abc'), 400, 'VALIDATION_FAILED', 'id');
    });

    it('a filter by a team outside the scope shows nothing rather than leaking it', async () => {
      expect(ids(await a.get('/interactions').query({ teamId: org.teamB.id }))).toEqual([]);
      expect(ids(await a.get('/interactions').query({ authorId: org.memberB.id }))).toEqual([]);
    });
  });

  describe('editing and deleting', () => {
    let enterpriseId: string;
    beforeAll(async () => {
      enterpriseId = (await crm.enterprise()).id;
    });

    it('a teammate who is not the author → 403 on PATCH, DELETE and follow-up-done; another team → 404', async () => {
      const i = await log(a, { enterpriseId, nextFollowUpAt: dayOffset(3) });
      expectAppError(await a2.patch(`/interactions/${i.id}`).send({ summary: '改' }), 403, 'INTERACTION_EDIT_FORBIDDEN');
      expectAppError(await a2.delete(`/interactions/${i.id}`), 403, 'INTERACTION_EDIT_FORBIDDEN');
      expectAppError(await a2.post(`/interactions/${i.id}/follow-up-done`), 403, 'INTERACTION_EDIT_FORBIDDEN');
      expectAppError(await b.patch(`/interactions/${i.id}`).send({ summary: '改' }), 404, 'NOT_FOUND');
      expectAppError(await b.delete(`/interactions/${i.id}`), 404, 'NOT_FOUND');
      expectAppError(await c.post(`/interactions/${i.id}/follow-up-done`), 404, 'NOT_FOUND');
      const row = await crm.db.getRepository(Interaction).findOneByOrFail({ id: i.id });
      expect(row).toMatchObject({ deletedAt: null, followUpDoneAt: null });
      expect((await crm.audit('interaction', i.id)).map((x) => x.action)).toEqual(['create']);
    });

    it('the author edits; each edit is audited before → after', async () => {
      const contact = await crm.contact(enterpriseId);
      const i = await log(a, { enterpriseId, occurredAt: dayOffset(-3), summary: '初次拜访' });
      const res = await a.patch(`/interactions/${i.id}`).send({ summary: '初次拜访，对方董事长出席', outcome: '有意向', type: 'inbound_visit', contactIds: [contact.id], participantIds: [org.memberA.id, org.memberA2.id] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ summary: '初次拜访，对方董事长出席', outcome: '有意向', type: 'inbound_visit', typeLabel: '来访考察', contacts: [{ id: contact.id }], occurredAt: iso(dayOffset(-3)) });
      expect(res.body.participants).toHaveLength(2);
      const [, entry] = await crm.audit('interaction', i.id);
      expect(entry).toMatchObject({ action: 'update', actorId: org.memberA.id });
      expect(entry?.changes).toMatchObject({
        summary: { from: '初次拜访', to: '初次拜访，对方董事长出席' },
        outcome: { from: null, to: '有意向' },
        type: { from: 'visit', to: 'inbound_visit' },
        contactIds: { from: [], to: [contact.id] },
      });
      expect(entry?.changes).not.toHaveProperty('occurredAt');
    });

    it('a manager above the team edits and deletes; so does an admin', async () => {
      const i = await log(b, { enterpriseId });
      expect((await mx.patch(`/interactions/${i.id}`).send({ outcome: '领导批注' })).status).toBe(200);
      expect((await admin.patch(`/interactions/${i.id}`).send({ location: '通辽市' })).body).toMatchObject({ outcome: '领导批注', location: '通辽市' });
      await mx.delete(`/interactions/${i.id}`).expect(204);
      const trail = await crm.audit('interaction', i.id);
      expect(trail.map((x) => [x.action, x.actorId])).toEqual([
        ['create', org.memberB.id],
        ['update', org.managerX.id],
        ['update', admin.user.id],
        ['delete', org.managerX.id],
      ]);
    });

    it('edits are checked like new records: contacts of another enterprise, dates, nulls', async () => {
      const foreign = await crm.contact((await crm.enterprise()).id);
      const i = await log(a, { enterpriseId, occurredAt: dayOffset(-3) });
      expectAppError(await a.patch(`/interactions/${i.id}`).send({ contactIds: [foreign.id] }), 400, 'CONTACT_NOT_OF_ENTERPRISE', 'contactIds');
      expectAppError(await a.patch(`/interactions/${i.id}`).send({ occurredAt: dayOffset(2) }), 400, 'OCCURRED_IN_FUTURE', 'occurredAt');
      expectAppError(await a.patch(`/interactions/${i.id}`).send({ nextFollowUpAt: dayOffset(-1) }), 400, 'FOLLOW_UP_IN_PAST', 'nextFollowUpAt');
      expectAppError(await a.patch(`/interactions/${i.id}`).send({ enterpriseId }), 400, 'VALIDATION_FAILED', 'enterpriseId');
      expectAppError(await a.patch(`/interactions/${i.id}`).send({ teamId: org.teamA.id }), 400, 'VALIDATION_FAILED', 'teamId');
      for (const field of ['summary', 'type', 'occurredAt', 'participantIds', 'contactIds']) {
        expectAppError(await a.patch(`/interactions/${i.id}`).send({ [field]: null }), 400, 'VALIDATION_FAILED', field);
      }
      expect((await crm.audit('interaction', i.id)).map((x) => x.action)).toEqual(['create']);
    });

    it('a contact archived after the visit stays on the record, through later edits too', async () => {
      const e = await crm.enterprise();
      const [kept, archived] = [await crm.contact(e.id, { name: '留任' }), await crm.contact(e.id, { name: '离职' })];
      const i = await log(a, { enterpriseId: e.id, contactIds: [kept.id, archived.id] });
      await a.delete(`/enterprises/${e.id}/contacts/${archived.id}`).expect(204);
      const names = async () => ((await a.get(`/interactions/${i.id}`)).body.contacts as Array<{ name: string }>).map((x) => x.name).sort();
      expect(await names()).toEqual(['留任', '离职'].sort());
      await a.patch(`/interactions/${i.id}`).send({ summary: '补充纪要' }).expect(200);
      expect(await names()).toEqual(['留任', '离职'].sort());
      expect(await crm.db.query('SELECT 1 FROM interaction_contacts WHERE interaction_id = $1', [i.id])).toHaveLength(2);
    });

    it('the record of an archived enterprise still names it', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id });
      await admin.post(`/enterprises/${e.id}/archive`).expect(200);
      expect((await a.get(`/interactions/${i.id}`)).body.enterprise).toEqual({ id: e.id, name: e.name });
    });

    it('a soft-deleted record leaves every list and GET, but stays in the database, audited', async () => {
      const i = await log(a, { enterpriseId, occurredAt: dayOffset(-1), nextFollowUpAt: dayOffset(2) });
      expect(ids(await timeline(a, enterpriseId))).toContain(i.id);
      await a.delete(`/interactions/${i.id}`).expect(204);
      expectAppError(await a.get(`/interactions/${i.id}`), 404, 'NOT_FOUND');
      expectAppError(await admin.get(`/interactions/${i.id}`), 404, 'NOT_FOUND');
      expect(ids(await timeline(a, enterpriseId))).not.toContain(i.id);
      expect(ids(await admin.get('/interactions').query({ enterpriseId, limit: 200 }))).not.toContain(i.id);
      expect(ids(await admin.get('/interactions').query({ followUpDueBefore: dayOffset(3), limit: 200 }))).not.toContain(i.id);
      expectAppError(await a.patch(`/interactions/${i.id}`).send({ summary: 'x' }), 404, 'NOT_FOUND');
      expectAppError(await a.delete(`/interactions/${i.id}`), 404, 'NOT_FOUND');
      const row = await crm.db.getRepository(Interaction).findOne({ where: { id: i.id }, withDeleted: true });
      expect(row?.deletedAt).toBeInstanceOf(Date);
      const last = (await crm.audit('interaction', i.id)).at(-1);
      expect(last).toMatchObject({ action: 'delete', actorId: org.memberA.id, changes: { summary: { from: expect.any(String), to: null } } });
    });
  });

  describe('list filters', () => {
    let o: Awaited<ReturnType<CrmFactory['org']>>;
    let m: Client;
    let e1: string;
    let e2: string;
    let i1: string;
    let i2: string;
    let i3: string;
    let i4: string;
    let i5: string;
    beforeAll(async () => {
      o = await crm.org();
      m = await crm.as(o.managerX);
      e1 = (await crm.enterprise()).id;
      e2 = (await crm.enterprise()).id;
      const [ma, ma2, mb, mc] = await Promise.all([o.memberA, o.memberA2, o.memberB, o.memberC].map((u) => crm.as(u)));
      i1 = (await log(ma, { enterpriseId: e1, type: 'visit', occurredAt: dayOffset(-10), participantIds: [o.memberA.id, o.memberA2.id] })).id;
      i2 = (await log(ma2, { enterpriseId: e1, type: 'call', occurredAt: dayOffset(-8), nextFollowUpAt: dayOffset(3) })).id;
      i3 = (await log(mb, { enterpriseId: e2, type: 'video', occurredAt: dayOffset(-6), nextFollowUpAt: dayOffset(10) })).id;
      i4 = (await log(ma, { enterpriseId: e2, type: 'inbound_visit', occurredAt: dayOffset(-4) })).id;
      i5 = (await log(mc, { enterpriseId: e1, type: 'call', occurredAt: dayOffset(-2), nextFollowUpAt: dayOffset(1) })).id;
    });
    const list = async (query: Record<string, string>) => {
      const res = await m.get('/interactions').query({ limit: 200, ...query });
      expect(res.status).toBe(200);
      return ids(res);
    };

    it('the manager’s whole list, newest first (team C is outside the county)', async () => {
      expect(await list({})).toEqual([i4, i3, i2, i1]);
    });

    it.each([
      ['enterprise', () => ({ enterpriseId: e1 }), () => [i2, i1]],
      ['team', () => ({ teamId: o.teamA.id }), () => [i4, i2, i1]],
      ['author', () => ({ authorId: o.memberA.id }), () => [i4, i1]],
      ['participant', () => ({ participantId: o.memberA2.id }), () => [i2, i1]],
      ['type', () => ({ type: 'call' }), () => [i2]],
      ['date range (from inclusive, to exclusive)', () => ({ from: dayOffset(-8), to: dayOffset(-4) }), () => [i3, i2]],
      ['date range by date-time', () => ({ from: `${dayOffset(-7)}T00:00:00+08:00` }), () => [i4, i3]],
      ['follow-up due before', () => ({ followUpDueBefore: dayOffset(5) }), () => [i2]],
      ['follow-up due before, later', () => ({ followUpDueBefore: dayOffset(11) }), () => [i3, i2]],
      ['several at once', () => ({ enterpriseId: e2, teamId: o.teamA.id, type: 'inbound_visit' }), () => [i4]],
    ])('by %s', async (_what, query, expected) => {
      expect(await list(query())).toEqual(expected());
    });

    it('team C’s own member sees only C, and an admin sees C too', async () => {
      const mc = await crm.as(o.memberC);
      expect(ids(await mc.get('/interactions').query({ enterpriseId: e1 }))).toEqual([i5]);
      expect(ids(await admin.get('/interactions').query({ enterpriseId: e1 }))).toEqual([i5, i2, i1]);
    });

    it('refuses malformed filters, naming them', async () => {
      expectAppError(await m.get('/interactions').query({ teamId: 'x' }), 400, 'VALIDATION_FAILED', 'teamId');
      expectAppError(await m.get('/interactions').query({ type: 'dinner' }), 400, 'VALIDATION_FAILED', 'type');
      expectAppError(await m.get('/interactions').query({ cursor: 'abc' }), 400, 'INVALID_CURSOR', 'cursor');
    });
  });

  describe('follow-ups', () => {
    it('logging a new interaction closes the team’s earlier open follow-ups for that enterprise, not another team’s', async () => {
      const e = await crm.enterprise();
      const other = await crm.enterprise();
      const earlierA = await log(a, { enterpriseId: e.id, occurredAt: dayOffset(-10), nextFollowUpAt: dayOffset(5) });
      const earlierB = await log(b, { enterpriseId: e.id, occurredAt: dayOffset(-9), nextFollowUpAt: dayOffset(5) });
      const otherA = await log(a, { enterpriseId: other.id, occurredAt: dayOffset(-9), nextFollowUpAt: dayOffset(5) });
      const backfilled = await log(a, { enterpriseId: e.id, occurredAt: dayOffset(-20) });
      expect((await a.get(`/interactions/${earlierA.id}`)).body.followUpDoneAt).toBeNull();
      expect(backfilled.followUpDoneAt).toBeNull();

      const later = await log(a2, { enterpriseId: e.id, occurredAt: dayOffset(-1), nextFollowUpAt: dayOffset(14) });
      expect((await a.get(`/interactions/${earlierA.id}`)).body.followUpDoneAt).toEqual(expect.any(String));
      expect((await b.get(`/interactions/${earlierB.id}`)).body.followUpDoneAt).toBeNull();
      expect((await a.get(`/interactions/${otherA.id}`)).body.followUpDoneAt).toBeNull();
      expect(later.followUpDoneAt).toBeNull();
      expect(ids(await a.get('/interactions').query({ enterpriseId: e.id, followUpDueBefore: dayOffset(30) }))).toEqual([later.id]);
    });

    it('POST /interactions/:id/follow-up-done marks it done once, audited; a new date reopens it', async () => {
      const e = await crm.enterprise();
      const i = await log(a, { enterpriseId: e.id, nextFollowUpAt: dayOffset(2) });
      const done = await a.post(`/interactions/${i.id}/follow-up-done`);
      expect(done.status).toBe(200);
      expect(done.body.followUpDoneAt).toEqual(expect.any(String));
      const again = await a.post(`/interactions/${i.id}/follow-up-done`);
      expect(again.body.followUpDoneAt).toBe(done.body.followUpDoneAt);
      expect(ids(await a.get('/interactions').query({ enterpriseId: e.id, followUpDueBefore: dayOffset(5) }))).toEqual([]);
      expect((await crm.audit('interaction', i.id)).map((x) => x.action)).toEqual(['create', 'complete-follow-up']);

      const moved = await a.patch(`/interactions/${i.id}`).send({ nextFollowUpAt: dayOffset(4) });
      expect(moved.body).toMatchObject({ nextFollowUpAt: iso(dayOffset(4)), followUpDoneAt: null });
      expect(ids(await a.get('/interactions').query({ enterpriseId: e.id, followUpDueBefore: dayOffset(5) }))).toEqual([i.id]);
    });

    it('a manager above the team may mark it done', async () => {
      const e = await crm.enterprise();
      const i = await log(b, { enterpriseId: e.id, nextFollowUpAt: dayOffset(2) });
      expect((await mx.post(`/interactions/${i.id}/follow-up-done`)).body.followUpDoneAt).toEqual(expect.any(String));
    });
  });

  it('a pagination walk returns each row once, in timeline order, even when several share a date', async () => {
    const e = await crm.enterprise();
    const made: string[] = [];
    for (const d of [-9, -7, -7, -7, -5, -3, -3, -1]) made.push((await log(a, { enterpriseId: e.id, occurredAt: dayOffset(d) })).id);
    const all = ids(await timeline(a, e.id));
    expect([...all].sort()).toEqual([...made].sort());

    const walked: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await a.get(`/enterprises/${e.id}/interactions`).query(cursor ? { limit: 3, cursor } : { limit: 3 });
      expect(res.status).toBe(200);
      walked.push(...ids(res));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(walked).toEqual(all);
    const days = await Promise.all(walked.map(async (id) => (await a.get(`/interactions/${id}`)).body.occurredAt as string));
    expect([...days].sort().reverse()).toEqual(days);
  });
});
