import { Role } from '../src/common/auth/auth-user';
import { encodeCursor } from '../src/common/pagination/page';
import { expectError, fieldsOf } from './harness/expect-error';
import { AuthedClient, Factory, unique } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

describe('API conventions and bad input', () => {
  let t: TestApp;
  let f: Factory;
  let admin: AuthedClient;
  let county: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    admin = (await f.client(Role.Admin)).api;
    county = (await f.cityWithCounties(1)).counties[0]!;
  });
  afterAll(() => t.close());

  const counts = async () => (await t.db.query('SELECT (SELECT count(*) FROM teams)::int AS teams, (SELECT count(*) FROM region_units)::int AS regions, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM audit_log)::int AS audit'))[0];

  describe('bodies', () => {
    it('answers malformed JSON with 400 INVALID_JSON', async () => {
      for (const body of ['{bad', '{"name": "x",}', '"just a string"', '123', 'null']) {
        const res = await admin.post('/api/v1/teams').set('Content-Type', 'application/json').send(body);
        expectError(res, 400, 'INVALID_JSON');
      }
    });

    it('refuses an unknown field with 400 VALIDATION_FAILED naming it, writing nothing', async () => {
      const before = await counts();
      const res = await admin.post('/api/v1/teams').send({ name: unique('队'), regionUnitId: county.id, budget: 100 });
      expectError(res, 400, 'VALIDATION_FAILED', 'budget');
      expect(res.body.details).toEqual([{ field: 'budget', message: expect.any(String) }]);
      expect(await counts()).toEqual(before);
    });

    it('names every wrong field at once, with its type problem', async () => {
      const res = await admin.post('/api/v1/teams').send({ name: 42, regionUnitId: 'not-a-uuid', memberIds: 'abc', focusChainIds: ['x'] });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(new Set(fieldsOf(res))).toEqual(new Set(['name', 'regionUnitId', 'memberIds', 'focusChainIds']));
    });

    it.each([
      ['/api/v1/users', 'username', { username: 'x'.repeat(65), displayName: 'ok', role: 'member', password: 'password-123' }],
      ['/api/v1/users', 'displayName', { username: unique('ok'), displayName: '名'.repeat(65), role: 'member', password: 'password-123' }],
      ['/api/v1/users', 'password', { username: unique('ok'), displayName: 'ok', role: 'member', password: 'p'.repeat(129) }],
      ['/api/v1/regions', 'name', { name: '区'.repeat(65), level: 'city' }],
      ['/api/v1/teams', 'name', { name: '队'.repeat(65), regionUnitId: '00000000-0000-4000-8000-000000000000' }],
      ['/api/v1/teams', 'description', { name: 'ok', regionUnitId: '00000000-0000-4000-8000-000000000000', description: 'd'.repeat(501) }],
      ['/api/v1/industry-chains', 'name', { name: '链'.repeat(65) }],
    ])('POST %s: an over-long %s is 400 naming it', async (path, field, body) => {
      const before = await counts();
      expectError(await admin.post(path).send(body), 400, 'VALIDATION_FAILED', field);
      expect(await counts()).toEqual(before);
    });

    it('accepts a name of exactly 64 characters', async () => {
      const res = await admin.post('/api/v1/teams').send({ name: '队'.repeat(64), regionUnitId: county.id }).expect(201);
      expect(res.body.name).toHaveLength(64);
    });

    it.each([
      ['a boolean as a string', '/api/v1/industry-chains', { name: 'x', isActive: 'yes' }, 'isActive'],
      ['a number as a string', '/api/v1/industry-chains', { name: 'x', sortOrder: '3' }, 'sortOrder'],
      ['a fraction for an integer', '/api/v1/regions', { name: 'x', level: 'city', sortOrder: 1.5 }, 'sortOrder'],
      ['an object for a string', '/api/v1/regions', { name: { zh: '市' }, level: 'city' }, 'name'],
      ['an unknown enum value', '/api/v1/regions', { name: 'x', level: 'province' }, 'level'],
      ['null for a required field', '/api/v1/regions', { name: null, level: 'city' }, 'name'],
      ['an array for a body', '/api/v1/regions', [{ name: 'x', level: 'city' }], 'name'],
    ])('refuses %s with 400 naming the field', async (_what, path, body, field) => {
      const before = await counts();
      expectError(await admin.post(path).send(body as object), 400, 'VALIDATION_FAILED', field);
      expect(await counts()).toEqual(before);
    });

    it('refuses a body over 1 MB with 413', async () => {
      const res = await admin.post('/api/v1/industry-chains').send({ name: 'x', description: 'x'.repeat(1024 * 1024 + 10) });
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('refuses a NUL character (which PostgreSQL cannot store) with a 400, not a 500', async () => {
      const before = await counts();
      expectError(await admin.post('/api/v1/regions').send({ name: 'a\u0000b', level: 'city' }), 400, 'VALIDATION_FAILED');
      expectError(await admin.post('/api/v1/users').send({ username: unique('nul'), displayName: 'a\u0000', role: 'member', password: 'password-123' }), 400, 'VALIDATION_FAILED');
      expectError(await admin.get('/api/v1/users').query({ q: 'a\u0000' }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post('/api/v1/auth/login').send({ username: 'ad\u0000min', password: 'whatever-pw' }), 400, 'VALIDATION_FAILED');
      expect(await counts()).toEqual(before);
    });

    it('an unknown Content-Type is not taken as JSON', async () => {
      const res = await admin.post('/api/v1/industry-chains').set('Content-Type', 'text/plain').send('name=x');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['code', 'message', 'statusCode']));
    });
  });

  describe('null for a field that cannot be empty', () => {
    const ids = {} as Record<'user' | 'region' | 'team' | 'chain' | 'source', string>;
    beforeAll(async () => {
      ids.user = (await f.user()).id;
      ids.region = (await f.region()).id;
      ids.team = (await f.team({ regionUnitId: county.id })).id;
      ids.chain = (await admin.post('/api/v1/industry-chains').send({ name: unique('链') }).expect(201)).body.id;
      ids.source = (await admin.post('/api/v1/source-regions').send({ name: unique('区') }).expect(201)).body.id;
    });

    it.each([
      ['/api/v1/users/:user', 'displayName'],
      ['/api/v1/users/:user', 'role'],
      ['/api/v1/users/:user', 'isActive'],
      ['/api/v1/regions/:region', 'name'],
      ['/api/v1/regions/:region', 'sortOrder'],
      ['/api/v1/teams/:team', 'name'],
      ['/api/v1/teams/:team', 'regionUnitId'],
      ['/api/v1/teams/:team', 'memberIds'],
      ['/api/v1/teams/:team', 'focusChainIds'],
      ['/api/v1/teams/:team', 'focusSourceRegionIds'],
      ['/api/v1/teams/:team', 'isArchived'],
      ['/api/v1/industry-chains/:chain', 'name'],
      ['/api/v1/industry-chains/:chain', 'sortOrder'],
      ['/api/v1/industry-chains/:chain', 'isActive'],
      ['/api/v1/source-regions/:source', 'isPrimary'],
    ])('PATCH %s with %s: null is 400 naming it, nothing written', async (template, field) => {
      const path = template.replace(/:(\w+)$/, (_m, key: keyof typeof ids) => ids[key]);
      const before = await counts();
      expectError(await admin.patch(path).send({ [field]: null }), 400, 'VALIDATION_FAILED', field);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['/api/v1/industry-chains', 'sortOrder'],
      ['/api/v1/industry-chains', 'isActive'],
      ['/api/v1/source-regions', 'isPrimary'],
    ])('POST %s with %s null is 400 naming it', async (path, field) => {
      const before = await counts();
      expectError(await admin.post(path).send({ name: unique('空'), [field]: null }), 400, 'VALIDATION_FAILED', field);
      expect(await counts()).toEqual(before);
    });
  });

  describe('paths and queries', () => {
    it('refuses a malformed id in the path with 400 naming id', async () => {
      for (const path of ['/api/v1/teams/123', '/api/v1/users/abc', '/api/v1/regions/x', '/api/v1/industry-chains/1']) {
        expectError(await admin.get(path), 400, 'VALIDATION_FAILED', 'id');
      }
      expectError(await admin.delete(`/api/v1/teams/${county.id}/members/nobody`), 400, 'VALIDATION_FAILED', 'userId');
    });

    it('refuses a bad cursor with 400 INVALID_CURSOR naming cursor', async () => {
      for (const cursor of ['garbage', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url'), encodeCursor('x', "1' OR 1=1 --")]) {
        for (const path of ['/api/v1/users', '/api/v1/teams', '/api/v1/audit', '/api/v1/regions', '/api/v1/industry-chains']) {
          expectError(await admin.get(path).query({ cursor }), 400, 'INVALID_CURSOR', 'cursor');
        }
      }
    });

    it('refuses a well-formed cursor whose values do not fit the list with 400 INVALID_CURSOR, not a 500', async () => {
      const uuid = '00000000-0000-4000-8000-000000000000';
      // Sorted by time, given a word; sorted by time, given a number (a cursor of another list); sorted by a number, given a date.
      expectError(await admin.get('/api/v1/users').query({ cursor: encodeCursor('not-a-date', uuid) }), 400, 'INVALID_CURSOR', 'cursor');
      expectError(await admin.get('/api/v1/teams').query({ cursor: encodeCursor(5, uuid) }), 400, 'INVALID_CURSOR', 'cursor');
      expectError(await admin.get('/api/v1/industry-chains').query({ cursor: encodeCursor(new Date().toISOString(), uuid) }), 400, 'INVALID_CURSOR', 'cursor');
      expectError(await admin.get('/api/v1/audit').query({ cursor: encodeCursor(new Date().toISOString(), 'abc') }), 400, 'INVALID_CURSOR', 'cursor');
      expectError(await admin.get('/api/v1/users').query({ cursor: encodeCursor(new Date().toISOString(), 'abc') }), 400, 'INVALID_CURSOR', 'cursor');
    });

    it('bounds limit: 1..200', async () => {
      expectError(await admin.get('/api/v1/teams').query({ limit: 201 }), 400, 'VALIDATION_FAILED', 'limit');
      expectError(await admin.get('/api/v1/teams').query({ limit: 0 }), 400, 'VALIDATION_FAILED', 'limit');
      expectError(await admin.get('/api/v1/teams').query({ limit: 'ten' }), 400, 'VALIDATION_FAILED', 'limit');
      expectError(await admin.get('/api/v1/teams?limit=1&limit=2'), 400, 'VALIDATION_FAILED', 'limit');
      await admin.get('/api/v1/teams').query({ limit: 200 }).expect(200);
    });

    it('refuses an unknown query parameter with 400 naming it', async () => {
      expectError(await admin.get('/api/v1/teams').query({ sort: 'name' }), 400, 'VALIDATION_FAILED', 'sort');
    });

    it('answers an unknown route with 404 ROUTE_NOT_FOUND, signed in or not', async () => {
      expectError(await admin.get('/api/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
      expectError(await t.http().get('/api/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
      expectError(await t.http().get('/api/v2/teams'), 404, 'ROUTE_NOT_FOUND');
      expectError(await t.http().post('/nope'), 404, 'ROUTE_NOT_FOUND');
    });
  });

  describe('headers, health and docs', () => {
    it('sends helmet headers', async () => {
      const res = await t.http().get('/api/health');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
      const mine = await t.http().get('/api/health').set('X-Request-Id', 'client-req-12345');
      expect(mine.headers['x-request-id']).toBe('client-req-12345');
      const made = await t.http().get('/api/health');
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const hostile = await t.http().get('/api/health').set('X-Request-Id', 'bad id <script>');
      expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      // Errors carry it too.
      const err = await t.http().get('/api/v1/nothing').set('X-Request-Id', 'client-req-67890');
      expect(err.headers['x-request-id']).toBe('client-req-67890');
    });

    it('GET /api/health shows the database up, without signing in', async () => {
      const res = await t.http().get('/api/health').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.info.database).toMatchObject({ status: 'up' });
      expect(res.body.info.redis).toMatchObject({ status: 'up', configured: false });
    });

    it('/api/docs-json is an OpenAPI document listing /api/v1/teams', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.paths['/api/v1/teams']).toHaveProperty('get');
      expect(res.body.paths['/api/v1/teams']).toHaveProperty('post');
      expect(res.body.paths).toHaveProperty(['/api/v1/auth/login']);
      expect(res.body.paths).toHaveProperty(['/api/health']);
      expect(res.body.components.securitySchemes).toHaveProperty('bearer');
      await t.http().get('/api/docs').redirects(1).expect(200);
    });

    it('types every field: a nullable string is a string, a nested figure its own schema, never a bare object', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      const schemas = res.body.components.schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>;
      const untyped = Object.entries(schemas)
        .flatMap(([name, schema]) =>
          Object.entries(schema.properties ?? {})
            .filter(([, p]) => p.type === 'object' && !p.properties && !p.additionalProperties && !p.allOf)
            .map(([field]) => `${name}.${field}`),
        );
      // Free-form JSON by design: a failed job's data (each queue its own) and the ranking formula (config/scoring.json's shape).
      expect(untyped.sort()).toEqual(['FailedJobView.data', 'PublishRankingDto.formula']);
      expect(schemas.CreateUserDto?.properties?.phone).toMatchObject({ type: 'string', nullable: true });
    });
  });
});
