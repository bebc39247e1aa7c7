import { AsyncLocalStorage } from 'node:async_hooks';
import { SetMetadata } from '@nestjs/common';
import { DataSource, QueryRunner, ReplicationMode } from 'typeorm';
import { requestTransactionRunner } from './request-transaction';

/**
 * Reports and exports may read from a streaming replica (DATABASE_READ_URL): the rule is in
 * ARCHITECTURE.md ("Scaling out"). A GET handler (or controller) marked `@FromReplica()`, and
 * every GET route ending in `xlsx`, runs inside `onReplica`: while it runs, the reads the
 * primary data source hands out outside a transaction — `dataSource.query(...)`, query builders'
 * and repositories' SELECTs — go to the replica. Everything else stays on the primary: writes,
 * transactions (an export's audit entry), prepared statements unless they ask for it (the
 * session and scope checks must see a revocation at once; a report's own prepared statements
 * pass `{ replica: true }` to queryPrepared), and any request not marked.
 */
export const FROM_REPLICA = 'crm:fromReplica';
export const FromReplica = () => SetMetadata(FROM_REPLICA, true);

const scope = new AsyncLocalStorage<DataSource>();
const INSTALLED = Symbol('readReplicaInstalled');

/** Runs `work` with its plain reads on `replica` (see above). */
export function onReplica<T>(replica: DataSource, work: () => T): T {
  return scope.run(replica, work);
}

/** The replica this code's reads go to, if it runs inside `onReplica` and outside a transaction. */
export function activeReplica(): DataSource | undefined {
  const replica = scope.getStore();
  return replica && !requestTransactionRunner() ? replica : undefined;
}

/** Routes the primary's plain reads to the replica inside `onReplica`. Idempotent. */
export function installReadReplica(primary: DataSource): void {
  const ds = primary as DataSource & { [INSTALLED]?: true };
  if (ds[INSTALLED]) return;
  ds[INSTALLED] = true;
  const create = primary.createQueryRunner.bind(primary);
  // Query builders and repositories ask for a 'slave' runner for a SELECT; writes and
  // transactions ask for 'master' (TypeORM's replication modes).
  primary.createQueryRunner = (mode: ReplicationMode = 'master'): QueryRunner => {
    const replica = mode === 'slave' ? activeReplica() : undefined;
    return replica ? replica.createQueryRunner('slave') : create(mode);
  };
  const query = primary.query.bind(primary);
  // `dataSource.query(sql)` without a runner: the read models' statements.
  primary.query = (<T>(sql: string, parameters?: unknown[], runner?: QueryRunner): Promise<T> => {
    const replica = runner ? undefined : activeReplica();
    return replica ? replica.query<T>(sql, parameters) : query<T>(sql, parameters, runner);
  }) as DataSource['query'];
}

/**
 * How far the replica's data is behind, in whole seconds: the time since the last commit it
 * replayed (0 when DATABASE_READ_URL is a primary). On an idle primary this grows although
 * nothing is missing: an upper bound, the one PostgreSQL offers without asking the primary.
 */
export async function replicaLagSeconds(replica: DataSource): Promise<number> {
  const [row] = (await replica.query(
    `SELECT CASE WHEN pg_is_in_recovery()
                 THEN COALESCE(floor(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())), 0)
                 ELSE 0 END AS lag`,
  )) as Array<{ lag: string | number }>;
  return Math.max(0, Number(row?.lag ?? 0));
}
