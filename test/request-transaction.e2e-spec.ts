import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { outsideRequestTransaction, runInRequestTransaction } from '../src/database/request-transaction';
import { createTestApp, TestApp } from './harness/test-app';

const pid = async (q: Pick<DataSource, 'query'>): Promise<number> => ((await q.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>)[0]?.pid as number;

/**
 * The request transaction (Idempotency-Key requests): work a request starts but does not wait for
 * takes its own connection, and a transaction that cannot be ended never goes back to the pool.
 */
describe('request transaction', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get<DataSource>(getDataSourceToken());
  }, 120_000);
  afterAll(() => t.close());

  it('a timer started inside the request, outside its transaction, gets its own connection', async () => {
    await runInRequestTransaction(ds, async () => {
      const request = await pid(ds);
      const timer = await new Promise<number>((resolve, reject) => outsideRequestTransaction(() => setTimeout(() => pid(ds).then(resolve, reject), 0)));
      // A plain timer inherits the request's context, and with it the request's connection.
      const inherited = await new Promise<number>((resolve, reject) => setTimeout(() => pid(ds).then(resolve, reject), 0));
      expect({ timer: timer === request, inherited: inherited === request }).toEqual({ timer: false, inherited: true });
    });
  });

  it('two nested transactions at once on the request connection tangle its savepoints; the request fails and leaves no aborted connection behind', async () => {
    const failed = await runInRequestTransaction(ds, async () => {
      // What a woken relay did while the request was still at work: two transactions at once.
      await Promise.all([ds.transaction((em) => em.query('SELECT 1')), ds.transaction((em) => em.query('SELECT 1'))]);
    }).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(failed).toMatch(/savepoint/);
    // Every pooled connection still answers: none was handed back inside a failed transaction.
    const answers = await Promise.all(Array.from({ length: 12 }, () => ds.query('SELECT 1 AS one')));
    expect(answers.every((r: Array<{ one: number }>) => r[0]?.one === 1)).toBe(true);
  });
});
