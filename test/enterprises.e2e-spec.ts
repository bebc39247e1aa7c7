import { Role } from '../src/common/auth/auth-user';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

describe('enterprises', () => {
  let t: TestApp;
  let f: Factory;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    token = await (await f.user({ role: Role.Member })).token();
  });
  afterAll(() => t.close());

  const post = (body: object) => t.http().post('/api/v1/enterprises').set('Authorization', `Bearer ${token}`).send(body);

  it('finds a company by a two-character fragment of its name', async () => {
    const created = await post({ name: '梅花生物科技集团股份有限公司', shortName: '梅花生物', creditCode: '91152201078371135X' }).expect(201);
    await post({ name: '华能通辽风力发电有限公司' }).expect(201);
    const res = await t.http().get('/api/v1/enterprises').query({ q: '梅花' }).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.items.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
    const byCode = await t.http().get('/api/v1/enterprises').query({ q: '911522010783' }).set('Authorization', `Bearer ${token}`).expect(200);
    expect(byCode.body.items).toHaveLength(1);
  });

  it('refuses a duplicate by normalised name with the existing id', async () => {
    const res = await post({ name: '梅花生物科技集团有限公司' }).expect(409);
    expect(res.body).toMatchObject({ code: 'ENTERPRISE_DUPLICATE', details: { matchedOn: 'name', existingId: expect.any(String) } });
  });

  it('refuses a malformed credit code and a bad checksum', async () => {
    const bad = await post({ name: '测试甲公司', creditCode: '91110000600037341I' }).expect(400);
    expect(bad.body.code).toBe('CREDIT_CODE_FORMAT');
    const sum = await post({ name: '测试乙公司', creditCode: '91350211M0000XUF46' }).expect(400);
    expect(sum.body).toMatchObject({ code: 'CREDIT_CODE_CHECKSUM', details: [{ field: 'creditCode' }] });
  });
});
