/** Foreign tables the fragment below reads: the team's region, to tell two teams of one name apart. */
export const READS = ['region_units'] as const;

/**
 * SQL for how a sheet names the team of alias `t`: its name, or 「区域/队名」 where another team
 * bears the name (each county may have its 第一招商队) — the form the history import reads back.
 * For the lead and interaction read models that join `teams`.
 */
export function teamSheetNameSql(t: string): string {
  return `CASE WHEN EXISTS (SELECT 1 FROM teams o WHERE o.name = ${t}.name AND o.id <> ${t}.id)
    THEN (SELECT r.name FROM region_units r WHERE r.id = ${t}.region_unit_id) || '/' || ${t}.name ELSE ${t}.name END`;
}
