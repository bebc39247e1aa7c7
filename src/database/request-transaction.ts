import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner, ReplicationMode } from 'typeorm';

interface Ambient {
  runner: QueryRunner;
  /** False once the outer transaction has ended: late work (a stray timer) gets its own connection. */
  open: boolean;
}

const ambient = new AsyncLocalStorage<Ambient>();
const INSTALLED = Symbol('requestTransactionInstalled');

/**
 * Lets one request's whole work share one transaction without any service knowing: while
 * `runInRequestTransaction` runs, every query runner the data source hands out — for
 * `dataSource.transaction(...)`, repositories, query builders, `dataSource.query` — is that
 * transaction's, and a service's own `transaction(...)` becomes a savepoint inside it
 * (TypeORM nests by transaction depth). Outside it, nothing changes. Installed once per data
 * source; idempotent.
 */
export function installRequestTransactions(dataSource: DataSource): void {
  const ds = dataSource as DataSource & { [INSTALLED]?: true };
  if (ds[INSTALLED]) return;
  ds[INSTALLED] = true;
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode: ReplicationMode = 'master'): QueryRunner => {
    const store = ambient.getStore();
    // Reads too (TypeORM asks for 'slave' for them): the request must see its own writes.
    return store?.open ? shared(store.runner) : create(mode);
  };
}

/**
 * Runs `work` outside any request transaction, for work a request starts but does not wait for
 * (a timer, an event): it must take its own connection. Run inside, it would share the request's
 * connection while the request still uses it, and two transactions nesting on one connection at
 * once tangle their savepoints (RELEASE SAVEPOINT typeorm_1 … does not exist).
 */
export function outsideRequestTransaction<T>(work: () => T): T {
  return ambient.exit(work);
}

/**
 * The open request transaction's runner, if this code runs inside one: for code that reaches the
 * pool past TypeORM (queryPrepared), which must join it too — to see the request's own writes,
 * and not to take a second connection while holding one (ten keyed requests holding ten pooled
 * connections, each waiting for another, would wait forever).
 */
export function requestTransactionRunner(): QueryRunner | undefined {
  const store = ambient.getStore();
  return store?.open ? store.runner : undefined;
}

/** The ambient runner as callers see it: theirs to use, not theirs to release. */
function shared(runner: QueryRunner): QueryRunner {
  return new Proxy(runner, {
    get(target, prop) {
      if (prop === 'release') return () => Promise.resolve();
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Runs `work` in one transaction that every database access made inside it joins (see
 * `installRequestTransactions`): it commits when `work` resolves, and rolls back — all of it —
 * when `work` throws or the connection dies.
 */
export async function runInRequestTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  installRequestTransactions(dataSource);
  if (ambient.getStore()?.open) throw new Error('a request transaction is already open');
  const runner = dataSource.createQueryRunner();
  const store: Ambient = { runner, open: true };
  let clean = true;
  try {
    await runner.startTransaction();
    const result = await ambient.run(store, () => work(runner.manager));
    await runner.commitTransaction();
    return result;
  } catch (err) {
    // The whole transaction, whatever depth TypeORM's count is at (a failed commit leaves it
    // counting a savepoint): a plain ROLLBACK. A dead connection cannot roll back, and needs
    // not: the server already has.
    if (runner.isTransactionActive) clean = await runner.query('ROLLBACK').then(() => true, () => false);
    throw err;
  } finally {
    store.open = false;
    // A connection whose transaction could not be ended goes back to the pool discarded, never
    // as a connection in an aborted transaction for the next request to trip on.
    if (clean) await runner.release();
    else await (runner as QueryRunner & { releasePostgresConnection(err: Error): Promise<void> }).releasePostgresConnection(new Error('request transaction not ended'));
  }
}
