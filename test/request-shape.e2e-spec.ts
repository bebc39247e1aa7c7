import { getMetadataStorage } from 'class-validator';
import { Role } from '../src/common/auth/auth-user';
import { encodeCursor } from '../src/common/pagination/page';
import { expectError, fieldsOf } from './harness/expect-error';
import { AuthedClient, Factory, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

/** Issue 12, items 1 and 6: the request's shape is bounded before any work, and bad input is never a 500. */
describe('request shape and bad input', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  let county: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    admin = (await f.client(Role.Admin)).api;
    county = (await f.cityWithCounties(1)).counties[0]!;
  }, 60_000);
  afterAll(() => t.close());

  const deep = (n: number) => `{"name":${'['.repeat(n)}${']'.repeat(n)}}`;
  const FORGED = `Bearer ${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(`{"sub":"x","exp":${2 ** 31}}`).toString('base64url')}.${'A'.repeat(43)}`;

  describe('depth', () => {
    it.each([
      ['sign-in, no token', '/api/v1/auth/login', undefined],
      ['a JSON route, no token', '/api/v1/teams', undefined],
      ['a JSON route, forged token', '/api/v1/teams', 'forged'],
      ['a JSON route, admin', '/api/v1/teams', 'admin'],
    ])('%s: a body nested 3,000 deep is 400 BODY_TOO_DEEP, not a 500', async (_what, path, who) => {
      let req = t.http().post(path).set('Content-Type', 'application/json');
      if (who === 'forged') req = req.set('Authorization', FORGED);
      if (who === 'admin') req = admin.post(path).set('Content-Type', 'application/json');
      const res = await req.send(deep(3000));
      expectError(res, 400, 'BODY_TOO_DEEP');
      expect(res.body.details).toEqual({ maxDepth: 32 });
    });

    it('takes 32 levels to validation and refuses 33 before it', async () => {
      expectError(await admin.post('/api/v1/teams').set('Content-Type', 'application/json').send(deep(31)), 400, 'VALIDATION_FAILED', 'name');
      expectError(await admin.post('/api/v1/teams').set('Content-Type', 'application/json').send(deep(32)), 400, 'BODY_TOO_DEEP');
    });
  });

  describe('size', () => {
    const padded = (bytes: number) => ({ username: 'u'.repeat(bytes), password: 'whatever-password' });

    it('sign-in routes take a few KB from anyone, a valid token included', async () => {
      expectError(await t.http().post('/api/v1/auth/login').send(padded(9000)), 413, 'PAYLOAD_TOO_LARGE');
      expectError(await admin.post('/api/v1/auth/logout').send({ refreshToken: 'r'.repeat(9000) }), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('without a valid-looking token every route takes only the small limit', async () => {
      const body = { name: 'n'.repeat(9000), regionUnitId: county.id };
      const res = await t.http().post('/api/v1/teams').send(body);
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(res.body.details).toEqual({ limitBytes: 8192 });
      expectError(await t.http().post('/api/v1/teams').set('Authorization', FORGED).send(body), 413, 'PAYLOAD_TOO_LARGE');
      // A small body still reaches the guard.
      expectError(await t.http().post('/api/v1/teams').send({ name: 'x' }), 401, 'UNAUTHENTICATED');
    });

    it('a signed-in caller gets the default limit (1 MB)', async () => {
      const res = await admin.post('/api/v1/teams').send({ name: 'n'.repeat(100_000), regionUnitId: county.id });
      expectError(res, 400, 'VALIDATION_FAILED', 'name');
    });

    it('refuses a compressed body instead of inflating it', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(Buffer.from([0x1f, 0x8b, 0, 0]));
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('well-formed text', () => {
    it('refuses a lone surrogate or a NUL in a body, a query and a path parameter, naming where', async () => {
      const res = await admin.post('/api/v1/users').set('Content-Type', 'application/json').send(`{"username":"${unique('u')}","displayName":"x","role":"member","password":"password-123","email":"a\\ud800@x.cn"}`);
      expectError(res, 400, 'VALIDATION_FAILED', 'email');
      expectError(await admin.post('/api/v1/teams').set('Content-Type', 'application/json').send(`{"name":"x","regionUnitId":"${county.id}","memberIds":["\\udc00"]}`), 400, 'VALIDATION_FAILED', 'memberIds[0]');
      // (A URL cannot carry a lone surrogate: percent-decoding turns invalid UTF-8 into U+FFFD. A NUL it can.)
      expectError(await admin.get('/api/v1/users').query({ q: 'a\u0000' }), 400, 'VALIDATION_FAILED', 'q');
      expectError(await admin.get('/api/v1/admin/queues/a%00b/failed'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('null for a field that cannot be empty, automatically from the API document', () => {
    it('is 400 naming it on an enterprise (tags) and nowhere written', async () => {
      const created = await admin.post('/api/v1/enterprises').send({ name: `${unique('企业')}有限公司` }).expect(201);
      expectError(await admin.post('/api/v1/enterprises').send({ name: `${unique('企业')}有限公司`, tags: null }), 400, 'VALIDATION_FAILED', 'tags');
      expectError(await admin.patch(`/api/v1/enterprises/${created.body.id}`).send({ tags: null }), 400, 'VALIDATION_FAILED', 'tags');
      expectError(await admin.patch(`/api/v1/enterprises/${created.body.id}`).send({ name: null }), 400, 'VALIDATION_FAILED', 'name');
      // A field the document declares nullable still takes null.
      await admin.patch(`/api/v1/enterprises/${created.body.id}`).send({ shortName: null }).expect(200);
    });
  });

  describe('integers', () => {
    it('every integer field of every request type has both bounds', () => {
      const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, Array<{ propertyName: string; name?: string; type: string }>> };
      const unbounded: string[] = [];
      for (const [target, metas] of storage.validationMetadatas) {
        const byProperty = new Map<string, Set<string>>();
        for (const m of metas) {
          const name = m.name ?? m.type;
          const set = byProperty.get(m.propertyName) ?? new Set<string>();
          set.add(name);
          byProperty.set(m.propertyName, set);
        }
        for (const [property, names] of byProperty) {
          if ((names.has('isInt') || names.has('isNumber')) && !(names.has('min') && names.has('max'))) unbounded.push(`${target.name}.${property}`);
        }
      }
      // Configuration is read once at start-up from the operator's environment, not from requests.
      expect(unbounded.filter((p) => !p.startsWith('EnvironmentVariables.')).sort()).toEqual([]);
    });

    it('every nested object is declared required (IsDefined) or optional: ValidateNested alone lets a missing one through (a target without values)', () => {
      const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, Array<{ propertyName: string; name?: string; type: string }>> };
      const loose: string[] = [];
      for (const [target, metas] of storage.validationMetadatas) {
        for (const nested of metas.filter((m) => m.type === 'nestedValidation')) {
          const others = metas.filter((m) => m.propertyName === nested.propertyName).flatMap((m) => [m.type, m.name]);
          // isDefined / isArray refuse a missing value; conditionalValidation is IsOptional or ValidateIf.
          if (!['isDefined', 'isArray', 'conditionalValidation'].some((c) => others.includes(c))) loose.push(`${target.name}.${nested.propertyName}`);
        }
      }
      expect(loose.sort()).toEqual([]);
    });

    it('a version beyond the column is 400, not a 500', async () => {
      const project = await admin.post('/api/v1/projects').send({ name: unique('项目'), totalInvestment: '1' }).expect(201);
      for (const version of [2 ** 31, 2 ** 53 + 2, -1, 1.5]) {
        expectError(await admin.patch(`/api/v1/projects/${project.body.id}`).send({ name: unique('项目'), version }), 400, 'VALIDATION_FAILED', 'version');
      }
    });
  });

  describe('cursors', () => {
    it('a search cursor whose key is not a time is 400 INVALID_CURSOR, with or without q', async () => {
      const uuid = '00000000-0000-4000-8000-000000000000';
      for (const cursor of [encodeCursor('not-a-date', uuid), encodeCursor(5, uuid), encodeCursor(new Date().toISOString(), 'abc')]) {
        for (const query of [{ cursor }, { cursor, q: '科技' }, { cursor, q: '91152201' }]) {
          const res = await admin.get('/api/v1/enterprises').query(query);
          expectError(res, 400, 'INVALID_CURSOR', 'cursor');
          expect(fieldsOf(res)).toEqual(['cursor']);
        }
      }
    });
  });
});
