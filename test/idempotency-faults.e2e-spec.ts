import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { QueryRunner } from 'typeorm';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { Client, CrmFactory, dayOffset } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/** 万元 as integer ten-thousandths: the test's own exact arithmetic. */
const units = (amount: string): bigint => {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole as string) * 10_000n + BigInt(frac.padEnd(4, '0'));
};

const ROUNDS = Number(process.env.IDEMPOTENCY_FAULT_ROUNDS ?? 20);
const INITIAL = '5000';
const SUPPLEMENT = '1234.5678';

/**
 * An Idempotency-Key under database faults at chosen moments: the answer's recording fails
 * after the work's statements ran (a raising trigger, a cancelled statement, a terminated
 * connection), or the connection dies in the middle of the work. Whatever fails, the retry
 * with the same key makes exactly one supplement, and the one after it replays that answer.
 */
describe('Idempotency-Key under database faults', () => {
  let t: TestApp;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let a: Client;

  beforeAll(async () => {
    t = await createTestApp();
    p = new PipelineFactory(t, new Factory(t));
    org = await p.crm.org();
    a = await p.crm.as(org.memberA);
    // Test-only fault points, at the statement that records the answer (it carries the status):
    // it raises for a key listed in the table, and waits while a test holds the key's hold lock.
    await t.db.query('CREATE TABLE test_idempotency_faults (key text PRIMARY KEY)');
    await t.db.query(`CREATE FUNCTION test_idempotency_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS NOT NULL THEN
          IF EXISTS (SELECT 1 FROM test_idempotency_faults WHERE key = NEW.key) THEN RAISE EXCEPTION 'injected fault recording %', NEW.key; END IF;
          PERFORM pg_advisory_xact_lock(hashtext('test-hold:' || NEW.key));
        END IF;
        RETURN NEW;
      END $$`);
    await t.db.query('CREATE TRIGGER test_idempotency_fault BEFORE INSERT OR UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION test_idempotency_fault()');
  });
  afterAll(() => t.close());

  const signedLead = async () => {
    const lead = await p.move(org.memberA, (await p.lead(org.memberA)).id, LeadStage.Negotiating);
    await p.sign(org.memberA, lead.id, { amount: INITIAL, signedOn: dayOffset(-3) });
    return lead.id;
  };
  /** Starts the supplement at once (a supertest request only runs when awaited). */
  const supplement = (leadId: string, key: string): Promise<Response> =>
    a
      .post(`/leads/${leadId}/signings`)
      .set('Idempotency-Key', key)
      .send({ kind: 'supplement', agreementType: 'investment', amount: SUPPLEMENT, signedOn: dayOffset(-1), landingRegionUnitId: org.countyX.id })
      .then((r) => r);

  /** A second connection that holds a lock the request will wait on. */
  const hold = async (sql: string, params: unknown[]): Promise<QueryRunner> => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(sql, params);
    return runner;
  };
  /** The backend of the request once it waits on `holder`'s lock (polled: no timing guess). */
  const blockedBy = async (holder: QueryRunner): Promise<number> => {
    const [{ pid: holderPid }] = (await holder.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
    for (let i = 0; i < 1000; i++) {
      const rows = (await t.db.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [holderPid])) as Array<{ pid: number }>;
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the request never reached the fault point');
  };

  /** Exactly one supplement, its rollup once, the lead's total exact, the key's answer kept once. */
  const expectOnce = async (leadId: string, key: string) => {
    const retry = await supplement(leadId, key);
    expect(retry.status).toBe(201);
    const replay = await supplement(leadId, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retry.body.id);
    const [row] = (await t.db.query(
      `SELECT (SELECT count(*) FROM signings WHERE lead_id = $1 AND kind = 'supplement')::int AS supplements,
              (SELECT signed_amount::text FROM leads WHERE id = $1) AS signed,
              (SELECT count(*) FROM outbox_messages WHERE job_name = 'registry.rollup-signing' AND payload->>'leadId' = $1::text)::int AS rollups,
              (SELECT coalesce(sum((payload->>'amount')::numeric), 0)::text FROM outbox_messages WHERE job_name = 'registry.rollup-signing' AND payload->>'leadId' = $1::text) AS rolled,
              (SELECT count(*) FROM idempotency_keys WHERE key = $2 AND status = 201)::int AS keys`,
      [leadId, key],
    )) as Array<{ supplements: number; signed: string; rollups: number; rolled: string; keys: number }>;
    const expected = units(INITIAL) + units(SUPPLEMENT);
    expect(row).toMatchObject({ supplements: 1, rollups: 2, keys: 1 });
    expect(units(row?.signed as string)).toBe(expected);
    expect(units(row?.rolled as string)).toBe(expected);
  };

  it(`the answer's recording raises after the work ran: the retry makes one (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const leadId = await signedLead();
      const key = randomUUID();
      await t.db.query('INSERT INTO test_idempotency_faults (key) VALUES ($1)', [key]);
      expect((await supplement(leadId, key)).status).toBe(500);
      await t.db.query('DELETE FROM test_idempotency_faults WHERE key = $1', [key]);
      await expectOnce(leadId, key);
    }
  });

  for (const fault of ['cancel', 'terminate'] as const) {
    it(`the answer's recording is ${fault === 'cancel' ? 'cancelled' : 'cut off by a terminated connection'} after the work ran: the retry makes one (${ROUNDS} rounds)`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const leadId = await signedLead();
        const key = randomUUID();
        // The request's recording waits on the hold lock, after the work's statements ran.
        const holder = await hold(`SELECT pg_advisory_xact_lock(hashtext('test-hold:' || $1))`, [key]);
        const pending = supplement(leadId, key);
        try {
          const pid = await blockedBy(holder);
          await t.db.query(`SELECT pg_${fault}_backend($1)`, [pid]);
          expect((await pending).status).toBe(500);
        } finally {
          await holder.rollbackTransaction();
          await holder.release();
        }
        await expectOnce(leadId, key);
      }
    });
  }

  it(`the connection is terminated in the middle of the work: the key is not stuck, the retry makes one (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const leadId = await signedLead();
      const key = randomUUID();
      // The lead's row locked: the supplement waits on it part-way through its work.
      const holder = await hold('SELECT id FROM leads WHERE id = $1 FOR UPDATE', [leadId]);
      const pending = supplement(leadId, key);
      try {
        const pid = await blockedBy(holder);
        await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
        expect((await pending).status).toBe(500);
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
      await expectOnce(leadId, key);
    }
  });

  it('a duplicate while the first still runs is 409, and the first then completes once', async () => {
    const leadId = await signedLead();
    const key = randomUUID();
    const holder = await hold('SELECT id FROM leads WHERE id = $1 FOR UPDATE', [leadId]);
    const pending = supplement(leadId, key);
    try {
      await blockedBy(holder);
      const dup = await supplement(leadId, key);
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    const first = await pending;
    expect(first.status).toBe(201);
    const replay = await supplement(leadId, key);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM signings WHERE lead_id = $1 AND kind = 'supplement'`, [leadId]))[0].n)).toBe(1);
  });
});
