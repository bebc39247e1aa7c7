import { randomUUID } from 'node:crypto';
import { Client, CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

/** A save retried after a lost answer, or sent twice, makes one record: the Idempotency-Key header. */
describe('Idempotency-Key on creates', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client;
  let a2: Client;
  let enterpriseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    crm = new CrmFactory(t, new Factory(t));
    org = await crm.org();
    [a, a2] = [await crm.as(org.memberA), await crm.as(org.memberA2)];
    enterpriseId = (await crm.enterprise()).id;
  });
  afterAll(() => t.close());

  const visit = (summary: string) => ({ enterpriseId, type: 'visit', occurredAt: dayOffset(-1), summary });
  const count = async (summary: string) => Number((await t.db.query('SELECT count(*) AS n FROM interactions WHERE summary = $1', [summary]))[0].n);

  it('answers a repeat with the first answer, status and all, and writes once', async () => {
    const key = randomUUID();
    const first = await a.post('/interactions').set('Idempotency-Key', key).send(visit('重试一次')).expect(201);
    const again = await a.post('/interactions').set('Idempotency-Key', key).send(visit('重试一次')).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('重试一次')).toBe(1);
  });

  it('writes once when the same save arrives twice at the same moment', async () => {
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => a.post('/interactions').set('Idempotency-Key', key).send(visit('双击保存'))));
    // One ran; each other got its answer replayed or was told it is still being handled.
    expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    for (const r of answers.filter((x) => x.status !== 201)) expectAppError(r, 409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(new Set(answers.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
    expect(await count('双击保存')).toBe(1);
  });

  it('more keyed saves at once than the pool has connections all complete (each holds one connection, and its reads join it)', async () => {
    // The pool holds 10: a keyed request that took a second connection for a read while holding
    // its transaction's would wait forever once every connection is held by such a request.
    const summaries = Array.from({ length: 24 }, (_, i) => `并发保存${i}`);
    const answers = await Promise.all(summaries.map((s, i) => (i % 2 ? a : a2).post('/interactions').set('Idempotency-Key', randomUUID()).send(visit(s))));
    expect(answers.map((r) => r.status)).toEqual(summaries.map(() => 201));
    // Each answer is the record it made, read inside its own transaction.
    for (const [i, r] of answers.entries()) expect(r.body.summary).toBe(summaries[i]);
    for (const s of summaries) expect(await count(s)).toBe(1);
  });

  it('refuses the key on a different request with 422, writing nothing', async () => {
    const key = randomUUID();
    await a.post('/interactions').set('Idempotency-Key', key).send(visit('第一份')).expect(201);
    expectAppError(await a.post('/interactions').set('Idempotency-Key', key).send(visit('第二份')), 422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key');
    expect(await count('第二份')).toBe(0);
  });

  it('keeps nothing for a failed request, so the corrected retry runs', async () => {
    const key = randomUUID();
    expectAppError(await a.post('/interactions').set('Idempotency-Key', key).send({ ...visit('先错后对'), type: 'telepathy' }), 400, 'VALIDATION_FAILED', 'type');
    await a.post('/interactions').set('Idempotency-Key', key).send(visit('先错后对')).expect(201);
    expect(await count('先错后对')).toBe(1);
  });

  it('keeps keys per user, and leaves requests without a key alone', async () => {
    const key = randomUUID();
    await a.post('/interactions').set('Idempotency-Key', key).send(visit('各自的键')).expect(201);
    const other = await a2.post('/interactions').set('Idempotency-Key', key).send(visit('各自的键')).expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    await a.post('/interactions').send(visit('各自的键')).expect(201);
    await a.post('/interactions').send(visit('各自的键')).expect(201);
    expect(await count('各自的键')).toBe(4);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    expectAppError(await a.post('/interactions').set('Idempotency-Key', 'short').send(visit('坏键')), 400, 'VALIDATION_FAILED', 'Idempotency-Key');
    expectAppError(await a.post('/interactions').set('Idempotency-Key', 'has spaces in it').send(visit('坏键')), 400, 'VALIDATION_FAILED', 'Idempotency-Key');
    expect(await count('坏键')).toBe(0);
  });
});
