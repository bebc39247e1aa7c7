import type { PoolClient } from 'pg';

/** Sizes of the issue-3…6 data set (see dataset.ts). */
export const SIZE = {
  teams: 3_000,
  membersPerNewTeam: 4,
  enterprises: 200_000,
  /** Rows of the .xlsx the import scenario uploads: companies not yet in the database. */
  importRows: 50_000,
  interactions: 1_000_000,
  /** Interactions whose follow-up is due now (open, in the past): the reminders of issue 5. */
  dueFollowUps: 100_000,
  leads: 100_000,
  projects: 50_000,
  /** Years of year plans and monthly progress the registry holds, before the current one. */
  registryYears: 5,
} as const;

export type Part = 'teams' | 'enterprises' | 'interactions' | 'leads' | 'projects' | 'targets' | 'metrics';

export interface Dataset {
  /** Rows per table loaded so far. */
  rows: Record<string, number>;
  /** Seconds each part took to load. */
  seconds: Partial<Record<Part, number>>;
  /** The full rebuild of the summary tables after the load, seconds. */
  refreshSeconds?: number;
  /** The business year targets and rankings are for. */
  year: number;
  /** What was loaded and how long it took, not yet said in a scenario's note (see takeLoadLog). */
  log: string[];
  /** Foreign keys checked after loading, and the rows that broke one (should be 0). */
  foreignKeys: { checked: number; violations: number };
}

/**
 * Runs `work` with the non-constraint indexes of `tables` dropped, then rebuilds them from
 * their own definitions: building an index once is much cheaper than growing it row by row.
 */
export async function withoutIndexes<T>(client: PoolClient, tables: string[], work: () => Promise<T>): Promise<T> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const r of rows) await client.query(`DROP INDEX ${r.name}`);
  try {
    return await work();
  } finally {
    for (const r of rows) await client.query(r.def);
  }
}

export async function count(client: PoolClient, table: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

/** Today in Beijing, YYYY-MM-DD. */
export function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}


/** The loads since the last call, for the note of the scenario that waited for them. */
export function takeLoadLog(d: Dataset): string {
  const text = d.log.length ? `data loaded before this row: ${d.log.join(', ')}` : '';
  d.log.length = 0;
  return text;
}
