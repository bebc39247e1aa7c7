import fc from 'fast-check';
import { encodeCursor } from '../src/common/pagination/page';
import { PROJECT_NODES } from '../src/projects/entities/project-enums';
import { NotificationKind } from '../src/notifications/entities/notification-kind';
import { QueueName } from '../src/queue/jobs';
import { Factory } from './harness/factories';
import { TargetFactory, thisYear, today } from './harness/target-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * Issue 12, item 8(b): generated bad input for every operation of the API document the app
 * builds — wrong types, null, out-of-range and fractional numbers, lone surrogates, NUL, long
 * strings, deep nesting, extra fields, bad cursors, path ids and query parameters, wrong
 * content types — as admin, manager and member, against real records so requests reach the
 * handlers. It holds that no answer is a 5xx and that a 4xx wrote nothing.
 *
 * Seeded and reproducible: FUZZ_RUNS (variants per operation, default 4 in `npm test`) and
 * FUZZ_SEED (default below) are read only here; `npm run test:fuzz` runs 200 per operation.
 * A failure prints the seed, the operation and the request that broke it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? 12_2026);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Schema {
  type?: string;
  enum?: unknown[];
  format?: string;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  nullable?: boolean;
}
interface Operation {
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: Schema }>;
  body?: Schema;
  bodyType?: string;
}
interface Variant {
  what: string;
  path: Record<string, string>;
  query: Array<[string, string]>;
  contentType?: string;
  body?: string;
}

/**
 * Tables written by design when a request fails. metric_refreshes: publishing a ranking first
 * brings the counting view up to date, then finds there is nothing to rank (409) — the refresh
 * time is bookkeeping of a cache, not a record. rate_limit_hits: every request, refused or not,
 * counts against the shared rate limits. (A failed sign-in's own bookkeeping is allowed
 * on /auth/login only, below.)
 */
const WRITTEN_ON_FAILURE = new Set<string>(['metric_refreshes', 'rate_limit_hits']);
/** What a refused sign-in (or wrong current password) writes by design: its count, and the audit of a lock. */
const THROTTLE_BOOKKEEPING = new Set<string>(['login_throttles', 'audit_log']);

describe('hostile input against every operation of the API document (fast-check, seeded)', () => {
  let t: TestApp;
  let document: { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; schema?: Schema }>; requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };
  const tokens = {} as Record<'admin' | 'manager' | 'member', string>;
  const ids: Record<string, string> = {};
  let fingerprintSql = '';

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    const tf = new TargetFactory(t, f);
    const org = await tf.org();
    tokens.admin = await (await f.adminUser()).token();
    tokens.manager = await org.managerX.token();
    tokens.member = await org.memberA.token();
    const admin = await tf.admin();
    const enterprise = await tf.crm.enterprise();
    const contact = await tf.crm.contact(enterprise.id);
    const interaction = await tf.crm.interaction(org.memberA, { enterpriseId: enterprise.id });
    const lead = await tf.lead(org.memberA, today(), { enterpriseId: enterprise.id });
    const project = await tf.project();
    const target = await tf.assign({ year: thisYear(), periodType: 'year', regionUnitId: org.countyX.id, values: { visits: 10 } } as never);
    const source = await t.http().post('/api/v1/source-regions').set('Authorization', `Bearer ${tokens.admin}`).send({ name: `区${Date.now()}` });
    const problem = await t.http().post(`/api/v1/projects/${project.id}/problems`).set('Authorization', `Bearer ${tokens.admin}`).send({ category: 'land', description: '用地指标待协调', responsibleDepartment: '自然资源局' });
    Object.assign(ids, {
      users: org.memberA.id,
      regions: org.countyX.id,
      'industry-chains': await tf.chainId(),
      'source-regions': source.body.id ?? org.countyX.id,
      teams: org.teamA.id,
      enterprises: enterprise.id,
      contacts: contact.id,
      interactions: interaction.id,
      leads: lead.id,
      projects: project.id,
      targets: target.id,
      problems: problem.body.id ?? project.id,
      regionUnitId: org.countyX.id,
      teamId: org.teamA.id,
      enterpriseId: enterprise.id,
      industryChainId: await tf.chainId(),
      userId: org.memberA.id,
      admin: admin.id,
    });
    const res = await t.http().get('/api/docs-json').expect(200);
    document = res.body;
    const tables: Array<{ name: string }> = await t.db.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`);
    // Rows per table and the newest row version (xmin): an insert, update or delete changes one of them.
    fingerprintSql = tables
      .filter((x) => !WRITTEN_ON_FAILURE.has(x.name))
      .map((x) => `SELECT '${x.name}' AS t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text AS v FROM "${x.name}"`)
      .join(' UNION ALL ');
  }, 120_000);
  afterAll(() => t?.close());

  const fingerprint = async (): Promise<Record<string, string>> => Object.fromEntries(((await t.db.query(fingerprintSql)) as Array<{ t: string; v: string }>).map((r) => [r.t, r.v]));

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  };

  /** A plausible value for a field, so that a variant differs from a valid request in one place. */
  const plausible = (name: string, raw: Schema | undefined, depth = 0): Json => {
    const schema = resolve(raw);
    if (schema.enum?.length) return schema.enum[0] as Json;
    if (/Ids$/.test(name)) return [];
    if (/email/i.test(name)) return 'zhang.san@example.cn';
    if (/mobile|phone/i.test(name)) return '13800138000';
    if (/Id$/.test(name)) return ids[name] ?? ids.enterpriseId!;
    if (schema.example !== undefined && typeof schema.example !== 'object') return schema.example as Json;
    switch (schema.type) {
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return [];
      case 'object': {
        if (depth > 3) return {};
        const out: Record<string, Json> = {};
        for (const key of schema.required ?? []) out[key] = plausible(key, schema.properties?.[key], depth + 1);
        return out;
      }
      default:
        return /On$|At$|Date$/.test(name) ? today() : `值${name}`;
    }
  };

  const operations = (): Operation[] => {
    const out: Operation[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const params = op.parameters ?? [];
        const content = op.requestBody?.content ?? {};
        const bodyType = Object.keys(content)[0];
        out.push({
          method: method as Method,
          path,
          pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
          body: bodyType ? content[bodyType]!.schema : undefined,
          bodyType,
        });
      }
    }
    // Destructive operations last, so the records the others need are still there.
    return out.sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
  };

  /** The real value of a path parameter: the record of the collection it names. */
  const pathValue = (op: Operation, name: string): string => {
    if (name === 'queue') return QueueName.Reminders;
    if (name === 'jobId') return '1';
    if (name === 'node') return PROJECT_NODES[0]!;
    if (name === 'kind') return NotificationKind.FollowUpDue;
    if (name === 'year') return String(thisYear());
    if (name === 'month') return today().slice(0, 7);
    if (name === 'problemId') return ids.problems!;
    if (name === 'enterpriseId') return ids.enterprises!;
    if (name === 'userId') return ids.userId!;
    const segments = op.path.split('/');
    const collection = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    return ids[collection] ?? '00000000-0000-4000-8000-000000000000';
  };

  // ---- the generators -------------------------------------------------------------------

  const deepArray = (n: number): Json => (n === 0 ? 'x' : [deepArray(n - 1)]);
  const hostileValue: fc.Arbitrary<Json> = fc.oneof(
    fc.constantFrom<Json>(
      null,
      true,
      0,
      -1,
      1.5,
      -0.000001,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53 + 2,
      1e308,
      -1e308,
      '',
      ' ',
      'a\u0000b',
      '\ud800',
      'x\udc00y',
      '😀',
      "'; DROP TABLE users; --",
      '../../../etc/passwd',
      '99999999999999999999999999',
      '-1',
      '1e999',
      'NaN',
      '2024-13-45',
      '0000-00-00',
      '9999-12-31T23:59:59Z',
      'not-a-uuid',
      '00000000-0000-4000-8000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      [],
      {},
      [null],
      ['\u0000'],
      { $gt: '' },
      { __proto__: { admin: true } } as unknown as Json,
    ),
    fc.constant('长'.repeat(5000)),
    fc.constant(deepArray(31)),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );
  const hostileText: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom('', ' ', 'a\u0000b', '-1', '0', '1.5', '2147483648', '1e999', 'NaN', 'true', 'null', '[]', '{}', '%', '..', 'not-a-uuid', '00000000-0000-4000-8000-000000000000', '2024-02-30', "' OR 1=1 --", '长'.repeat(2000)),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  );
  const badCursor: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom('garbage', encodeCursor('not-a-date', '00000000-0000-4000-8000-000000000000'), encodeCursor(5, 'abc'), encodeCursor(new Date().toISOString(), "1' OR 1=1"), encodeCursor(1e308, '00000000-0000-4000-8000-000000000000')),
    fc.tuple(fc.oneof(fc.string(), fc.double(), fc.integer()), fc.string()).map(([v, id]) => encodeCursor(v, id)),
  );

  const variants = (op: Operation): fc.Arbitrary<Variant> => {
    const basePath = Object.fromEntries(op.pathParams.map((p) => [p, pathValue(op, p)]));
    const schema = resolve(op.body);
    const baseBody = op.body ? (plausible('body', schema) as Record<string, Json>) : undefined;
    const fields = Object.keys(schema.properties ?? {});
    const json = (value: unknown) => JSON.stringify(value);
    const options: Array<fc.Arbitrary<Variant>> = [];
    if (op.pathParams.length) {
      options.push(
        fc.tuple(fc.constantFrom(...op.pathParams), hostileText).map(([name, value]) => ({ what: `path ${name}=${json(value)}`, path: { ...basePath, [name]: value }, query: [], contentType: 'application/json', body: json(baseBody ?? {}) })),
      );
    }
    // Operations that change something without taking input: only their path can be hostile.
    const inputless = !op.body && !op.queryParams.length && op.method !== 'get';
    if (!inputless || !op.pathParams.length) {
      const queryNames = op.queryParams.map((q) => q.name);
      const otherParams = op.queryParams.filter((q) => q.name !== 'cursor');
      options.push(
        fc.tuple(fc.constantFrom(...queryNames, 'extra', 'limit', 'cursor'), hostileText).map(([name, value]) => ({ what: `query ${name}=${json(value)}`, path: basePath, query: [[name, value]] })),
        fc.tuple(fc.constantFrom(...queryNames, 'limit'), hostileText, hostileText).map(([name, a, b]) => ({ what: `query ${name} twice`, path: basePath, query: [[name, a], [name, b]] })),
        // A bad cursor beside another parameter set plausibly (a search's q, a filter, a sort).
        fc.tuple(badCursor, otherParams.length ? fc.option(fc.constantFrom(...otherParams), { nil: undefined }) : fc.constant(undefined)).map(([cursor, other]) => ({
          what: `cursor ${cursor}${other ? ` with ${other.name}` : ''}`,
          path: basePath,
          query: [['cursor', cursor], ...(other ? [[other.name, other.name === 'q' ? '科技' : String(plausible(other.name, other.schema))] as [string, string]] : [])],
        })),
      );
      options.push(
        hostileValue.map((value) => ({ what: `body ${json(value)?.slice(0, 80)}`, path: basePath, query: [], contentType: 'application/json', body: json(value) ?? 'null' })),
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1').map((contentType) => ({ what: `content-type ${contentType}`, path: basePath, query: [], contentType, body: 'name=x&a[b]=1' })),
        fc.constantFrom('{', '{"a":', '[1,]', '{"a":"\\ud800"}', '{"a":"\\u0000"}', `{"a":${'['.repeat(40)}${']'.repeat(40)}}`, `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, `${'['.repeat(5000)}${']'.repeat(5000)}`, '\u0000').map((body) => ({ what: `raw body ${body.slice(0, 30)}`, path: basePath, query: [], contentType: 'application/json', body })),
      );
      if (baseBody && typeof baseBody === 'object') {
        options.push(
          fc.tuple(fc.constantFrom(...fields, 'extraField', '__proto__', 'constructor'), hostileValue).map(([field, value]) => ({
            what: `field ${field}=${json(value)?.slice(0, 80)}`,
            path: basePath,
            query: [],
            contentType: 'application/json',
            body: json({ ...baseBody, [field]: value }),
          })),
          // One field of an otherwise plausible body: null, an extreme number, the plausible value
          // spoiled (a lone surrogate or NUL inside, or 5,000 times over), or missing.
          fc.tuple(fc.constantFrom(...fields, 'extraField'), fc.constantFrom<'null' | 'number' | 'spoil' | 'drop'>('null', 'number', 'spoil', 'drop'), fc.nat(5)).map(([field, how, k]) => {
            const body: Record<string, Json> = { ...baseBody };
            const good = plausible(field, schema.properties?.[field]);
            const text = typeof good === 'string' ? good : 'x';
            if (how === 'null') body[field] = null;
            else if (how === 'number') body[field] = [2 ** 31, -(2 ** 31) - 1, 2 ** 63, 1e308, 0.5, -1][k]!;
            else if (how === 'spoil') body[field] = [`${text}\ud800`, `\udc00${text}`, `${text}\u0000`, text.repeat(5000), [text], { value: text }][k]!;
            else delete body[field];
            return { what: `field ${field} ${how} ${k}`, path: basePath, query: [], contentType: 'application/json', body: json(body) };
          }),
          fc.tuple(fc.subarray(fields), fc.constantFrom<Json>(null, '', 0, [], {}, 'a\u0000')).map(([drop, value]) => ({
            what: `fields ${drop.join(',')} := ${json(value)}`,
            path: basePath,
            query: [],
            contentType: 'application/json',
            body: json({ ...baseBody, ...Object.fromEntries(drop.map((k) => [k, value])) }),
          })),
        );
      }
    }
    return fc.oneof(...options);
  };

  const url = (op: Operation, v: Variant): string => {
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(v.path[name] ?? ''));
    const query = v.query.map(([k, value]) => `${encodeURIComponent(k)}=${encodeURIComponent(value)}`).join('&');
    return query ? `${path}?${query}` : path;
  };

  it(`answers every generated variant of every operation without a 5xx, and a 4xx writes nothing (FUZZ_RUNS=${RUNS}, FUZZ_SEED=${SEED})`, async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(100);
    const failures: string[] = [];
    const stats = { requests: 0, operations: 0, status: {} as Record<string, number> };
    for (const [index, op] of ops.entries()) {
      const seed = SEED + index;
      const role = fc.constantFrom<'admin' | 'manager' | 'member'>('admin', 'admin', 'admin', 'manager', 'member');
      let last = '';
      const result = await fc.check(
        fc.asyncProperty(variants(op), role, async (v, who) => {
          const target = url(op, v);
          let req = t.http()[op.method](target).set('Authorization', `Bearer ${tokens[who]}`);
          if (v.contentType) req = req.set('Content-Type', v.contentType);
          const before = await fingerprint();
          const res = v.body !== undefined && op.method !== 'get' ? await req.send(v.body) : await req;
          stats.requests++;
          const bucket = `${Math.floor(res.status / 100)}xx`;
          stats.status[bucket] = (stats.status[bucket] ?? 0) + 1;
          last = `${op.method.toUpperCase()} ${target} as ${who} [${v.what}] → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          if (res.status >= 500) return false;
          // A refused sign-in, or a wrong current password on the change-password form, records the
          // failure (THROTTLE_BOOKKEEPING); nothing else may write on a 4xx.
          const signIn =
            (op.path === '/api/v1/auth/login' && (res.status === 401 || res.status === 429)) ||
            (op.path === '/api/v1/auth/password' && (res.body?.code === 'WRONG_PASSWORD' || res.status === 429));
          if (res.status >= 400) {
            const after = await fingerprint();
            const changed = Object.keys(after).filter((k) => after[k] !== before[k] && !(signIn && THROTTLE_BOOKKEEPING.has(k)));
            if (changed.length) {
              last += ` — wrote ${changed.join(', ')}`;
              return false;
            }
          }
          return true;
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      );
      stats.operations++;
      if (result.failed) failures.push(`FUZZ_SEED=${SEED} (seed ${seed}) ${op.method.toUpperCase()} ${op.path}: ${last}${result.errorInstance ? ` (${String(result.errorInstance)})` : ''}`);
    }
    process.stdout.write(`hostile input: ${stats.requests} requests over ${stats.operations} operations, FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS}: ${JSON.stringify(stats.status)}\n`);
    expect(failures).toEqual([]);
  }, 900_000);
});
