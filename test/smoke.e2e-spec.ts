import { Role } from '../src/common/auth/auth-user';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

describe('smoke', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('signs in and reads /auth/me', async () => {
    const u = await f.user({ role: Role.Member });
    const token = await u.token();
    const res = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({ id: u.id, username: u.username, role: 'member' });
  });

  it('answers malformed JSON with a 400 in the one error shape', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{bad').expect(400);
    expect(res.body).toEqual({ statusCode: 400, code: 'INVALID_JSON', message: expect.any(String) });
  });
});
