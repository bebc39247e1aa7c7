import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DatabaseError } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { activeReplica } from './read-replica';
import { requestTransactionRunner } from './request-transaction';

export interface PreparedOptions {
  /**
   * A report's read, not a check: inside `onReplica` (a @FromReplica route or an export) and
   * outside a transaction it runs on the replica's pool. The session and scope checks never ask.
   */
  replica?: boolean;
}

/**
 * Runs a read that every request repeats (the caller's user, their scope, a search's first walk)
 * as a named prepared statement: each pool connection plans it once, on first use, instead of on
 * every call. Their planning cost more than their execution (the manager's scope statement: 3 ms
 * planned each time, 0.8 ms prepared). The name is a hash of the text, so one name never means
 * two statements. Parameters must be positional ($1 …). Inside a request transaction (a keyed
 * request) it runs on that transaction's connection, prepared there the same way.
 */
export async function queryPrepared<T extends QueryResultRow>(dataSource: DataSource, text: string, values: unknown[], options: PreparedOptions = {}): Promise<T[]> {
  const name = `crm_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  const runner = requestTransactionRunner();
  try {
    if (runner) {
      // The runner's own pg client (it is connected: the transaction is open on it).
      const client = (await runner.connect()) as PoolClient;
      return (await client.query<T>({ name, text, values })).rows;
    }
    const source = (options.replica ? activeReplica() : undefined) ?? dataSource;
    const pool = (source.driver as PostgresDriver).master as Pool;
    return (await pool.query<T>({ name, text, values })).rows;
  } catch (err) {
    // As TypeORM reports a refused statement, so the error filter and pg-errors.ts read it the
    // same way (a value the column cannot take is the caller's 400, not a 500).
    throw err instanceof DatabaseError ? new QueryFailedError(text, values, err) : err;
  }
}
