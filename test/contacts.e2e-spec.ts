import { Role } from '../src/common/auth/auth-user';
import { EnterpriseContact } from '../src/enterprises/entities/enterprise-contact.entity';
import { Client, CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('contact people (联系人)', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let member: Client;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    crm = new CrmFactory(t, new Factory(t));
    member = await crm.client(Role.Member);
    admin = await crm.client(Role.Admin);
  });
  afterAll(() => t.close());

  const contactsOf = (enterpriseId: string) => `/enterprises/${enterpriseId}/contacts`;

  it('create, list, update and delete, each audited', async () => {
    const e = await crm.enterprise();
    const created = await member.post(contactsOf(e.id)).send({
      name: ' 王经理 ',
      title: '投资发展部总监',
      mobile: '13912345678',
      landline: '0475-8231234',
      email: 'wang@example.com',
      wechat: 'wang_invest',
      notes: '负责内蒙古项目',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      enterpriseId: e.id,
      name: '王经理',
      title: '投资发展部总监',
      mobile: '13912345678',
      landline: '0475-8231234',
      email: 'wang@example.com',
      wechat: 'wang_invest',
      notes: '负责内蒙古项目',
    });
    const second = await member.post(contactsOf(e.id)).send({ name: '李总' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ name: '李总', title: null, mobile: null, landline: null, email: null, wechat: null, notes: null });

    const list = await member.get(contactsOf(e.id));
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([created.body.id, second.body.id]);

    const updated = await member.patch(`${contactsOf(e.id)}/${created.body.id}`).send({ title: '副总裁', mobile: '15047512345' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: '王经理', title: '副总裁', mobile: '15047512345', landline: '0475-8231234' });
    const cleared = await member.patch(`${contactsOf(e.id)}/${created.body.id}`).send({ landline: null });
    expect(cleared.body.landline).toBeNull();

    await member.delete(`${contactsOf(e.id)}/${second.body.id}`).expect(204);
    const after = await member.get(contactsOf(e.id));
    expect(after.body.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expectAppError(await member.patch(`${contactsOf(e.id)}/${second.body.id}`).send({ title: 'x' }), 404, 'CONTACT_NOT_FOUND');
    expectAppError(await member.delete(`${contactsOf(e.id)}/${second.body.id}`), 404, 'CONTACT_NOT_FOUND');
    // Deleted is archived, not gone: the interaction log may still name the person.
    expect(await crm.db.getRepository(EnterpriseContact).findOne({ where: { id: second.body.id }, withDeleted: true })).toMatchObject({ archivedAt: expect.any(Date) });

    const trail = await crm.audit('enterprise-contact', created.body.id);
    expect(trail.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(trail[1]).toMatchObject({ actorId: member.user.id, changes: { title: { from: '投资发展部总监', to: '副总裁' }, mobile: { from: '13912345678', to: '15047512345' } } });
    expect((await crm.audit('enterprise-contact', second.body.id)).map((a) => a.action)).toEqual(['create', 'archive']);
  });

  describe('mobile: 1[3-9] and nine more digits', () => {
    it.each(['13012345678', '13912345678', '15047512345', '18600000000', '19912345678', ' 13912345678 '])('accepts %j', async (mobile) => {
      const e = await crm.enterprise();
      const res = await member.post(contactsOf(e.id)).send({ name: '张三', mobile });
      expect(res.status).toBe(201);
      expect(res.body.mobile).toBe(mobile.trim());
    });

    it.each([
      ['12 digits', '139123456789'],
      ['10 digits', '1391234567'],
      ['starting with 2', '23912345678'],
      ['1 then 2', '12912345678'],
      ['1 then 0', '10912345678'],
      ['with a country code', '+8613912345678'],
      ['with dashes', '139-1234-5678'],
      ['letters', '1391234567a'],
      ['a number, not a string', 13912345678],
    ])('refuses %s, naming mobile', async (_what, mobile) => {
      const e = await crm.enterprise();
      expectAppError(await member.post(contactsOf(e.id)).send({ name: '张三', mobile }), 400, 'VALIDATION_FAILED', 'mobile');
    });

    it('is checked on update too', async () => {
      const e = await crm.enterprise();
      const c = await crm.contact(e.id, { mobile: '13912345678' });
      expectAppError(await member.patch(`${contactsOf(e.id)}/${c.id}`).send({ mobile: '2391234567' }), 400, 'VALIDATION_FAILED', 'mobile');
      expect((await member.get(contactsOf(e.id))).body[0].mobile).toBe('13912345678');
    });
  });

  describe('landline (座机)', () => {
    it.each(['0475-8231234', '010-12345678-123', '010-62345678', '0471-6123456-8001', '04758231234', '8231234', '62345678'])('accepts %j', async (landline) => {
      const e = await crm.enterprise();
      const res = await member.post(contactsOf(e.id)).send({ name: '张三', landline });
      expect(res.status).toBe(201);
      expect(res.body.landline).toBe(landline);
    });

    it.each([
      ['letters', 'abc'],
      ['too short', '0475-823'],
      ['too long', '0475-823123456'],
      ['an area code alone', '0475-'],
      ['a mobile number', '13912345678'],
      ['a leading zero in the local number', '0475-0231234'],
      ['two dashes in a row', '0475--8231234'],
      ['a Chinese note', '0475-8231234转分机'],
    ])('refuses %s, naming landline, in Chinese', async (_what, landline) => {
      const e = await crm.enterprise();
      const res = await member.post(contactsOf(e.id)).send({ name: '张三', landline });
      expectAppError(res, 400, 'VALIDATION_FAILED', 'landline');
      // The form shows this beside 座机 (issue 17: it was English).
      expect(res.body.details).toContainEqual({ field: 'landline', message: '座机号格式不正确，应如 0475-8231234 或 010-12345678-123' });
    });
  });

  it('refuses an empty name, a bad email and unknown fields, naming each', async () => {
    const e = await crm.enterprise();
    expectAppError(await member.post(contactsOf(e.id)).send({ name: '  ' }), 400, 'VALIDATION_FAILED', 'name');
    expectAppError(await member.post(contactsOf(e.id)).send({}), 400, 'VALIDATION_FAILED', 'name');
    expectAppError(await member.post(contactsOf(e.id)).send({ name: '张三', email: 'not-an-email' }), 400, 'VALIDATION_FAILED', 'email');
    expectAppError(await member.post(contactsOf(e.id)).send({ name: '张三', idCard: '150502199001011234' }), 400, 'VALIDATION_FAILED', 'idCard');
    expect(await crm.db.getRepository(EnterpriseContact).countBy({ enterpriseId: e.id })).toBe(0);
  });

  it('a null name on update is a 400 naming it, and the contact keeps its name', async () => {
    const e = await crm.enterprise();
    const c = await crm.contact(e.id, { name: '赵主任' });
    expectAppError(await member.patch(`${contactsOf(e.id)}/${c.id}`).send({ name: null }), 400, 'VALIDATION_FAILED', 'name');
    expect((await member.get(contactsOf(e.id))).body[0].name).toBe('赵主任');
  });

  describe('the enterprise must be live', () => {
    it('an unknown enterprise → 404 for list and create; a malformed id → 400', async () => {
      expectAppError(await member.get(contactsOf(UNKNOWN)), 404, 'NOT_FOUND');
      expectAppError(await member.post(contactsOf(UNKNOWN)).send({ name: '张三' }), 404, 'NOT_FOUND');
      expectAppError(await member.get(contactsOf('abc')), 400, 'VALIDATION_FAILED', 'enterpriseId');
    });

    it('an archived enterprise → 404 for list, create, update and delete; restored, its contacts are back', async () => {
      const e = await crm.enterprise();
      const c = await crm.contact(e.id);
      await admin.post(`/enterprises/${e.id}/archive`).expect(200);
      expectAppError(await member.get(contactsOf(e.id)), 404, 'NOT_FOUND');
      expectAppError(await member.post(contactsOf(e.id)).send({ name: '张三' }), 404, 'NOT_FOUND');
      expectAppError(await member.patch(`${contactsOf(e.id)}/${c.id}`).send({ title: 'x' }), 404, 'NOT_FOUND');
      expectAppError(await member.delete(`${contactsOf(e.id)}/${c.id}`), 404, 'NOT_FOUND');
      await admin.post(`/enterprises/${e.id}/restore`).expect(200);
      expect((await member.get(contactsOf(e.id))).body.map((x: { id: string }) => x.id)).toEqual([c.id]);
    });

    it('a contact is reached only through its own enterprise', async () => {
      const a = await crm.enterprise();
      const b = await crm.enterprise();
      const c = await crm.contact(a.id, { title: '董事长' });
      expectAppError(await member.patch(`${contactsOf(b.id)}/${c.id}`).send({ title: 'x' }), 404, 'CONTACT_NOT_FOUND');
      expectAppError(await member.delete(`${contactsOf(b.id)}/${c.id}`), 404, 'CONTACT_NOT_FOUND');
      expectAppError(await member.patch(`${contactsOf(a.id)}/${UNKNOWN}`).send({ title: 'x' }), 404, 'CONTACT_NOT_FOUND');
      expect((await member.get(contactsOf(a.id))).body[0]).toMatchObject({ id: c.id, title: '董事长' });
    });
  });
});
