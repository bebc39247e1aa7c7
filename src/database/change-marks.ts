import { DataSource } from 'typeorm';
import { PreparedOptions, queryPrepared } from './prepared';
import { requestTransactionRunner } from './request-transaction';

/**
 * What a kept answer may depend on, each a topic of table change_marks (migration ChangeMarks):
 * every committed statement that writes one of the topic's tables raises its count by one.
 * - enterprise_search: the companies' searched names and codes, and their liveness;
 * - registry: projects, their year plans and monthly reports, region units, industry chains;
 * - pipeline: leads, their co-pursuing teams and stage changes.
 */
export type ChangeTopic = 'enterprise_search' | 'registry' | 'pipeline';

/** SQL for `topic`'s count of committed writes so far (bigint), as of the statement's snapshot: to embed in a statement. */
export function changeCountSql(topic: ChangeTopic): string {
  return `(SELECT COALESCE(sum(m.changes), 0)::bigint FROM change_marks m WHERE m.topic = '${topic}')`;
}

/**
 * A stamp for an answer kept per API process: `topic`'s count and the values of `alongside`
 * (SQL expressions of text, such as the access scope version), read in one prepared statement
 * from where the answer's own reads go (`options.replica`: the replica inside a @FromReplica
 * route). Read before the answer is computed, so an answer kept under a stamp is never older
 * than it: a write committed before a request is always seen by it, in every process. Null
 * inside a request's transaction, whose own uncommitted writes may matter: compute afresh.
 */
export async function readChangeStamp(dataSource: DataSource, topic: ChangeTopic, alongside: string[], options: PreparedOptions = {}): Promise<string[] | null> {
  if (requestTransactionRunner()) return null;
  const columns = [...alongside, `${changeCountSql(topic)}::text`].map((sql, i) => `${sql} AS s${i}`);
  const [row] = await queryPrepared<Record<string, string | null>>(dataSource, `SELECT ${columns.join(', ')}`, [], options);
  return columns.map((_c, i) => String(row?.[`s${i}`] ?? ''));
}
