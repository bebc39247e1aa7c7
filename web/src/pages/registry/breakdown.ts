/** A project on a 三未 list, as far as the 旗县区 breakdown needs it. */
export interface Listed {
  regionUnit: { id: string; name: string } | null;
  overdueDays: number | null;
}

/** One 旗县区's row: how many projects each list holds there, and how many of them are overdue. */
export interface CountyCounts {
  id: string | null;
  name: string;
  counts: number[];
  overdue: number[];
}

/**
 * The 旗县区 breakdown of several lists (one count per list), a project counted where it lies;
 * most projects first, then by name. Projects without a 旗县区 make a 未指定 row, last.
 */
export function countyBreakdown(lists: Listed[][]): CountyCounts[] {
  const rows = new Map<string | null, CountyCounts>();
  lists.forEach((items, n) => {
    for (const item of items) {
      const id = item.regionUnit?.id ?? null;
      let row = rows.get(id);
      if (!row) {
        row = { id, name: item.regionUnit?.name ?? '未指定', counts: lists.map(() => 0), overdue: lists.map(() => 0) };
        rows.set(id, row);
      }
      row.counts[n]! += 1;
      if ((item.overdueDays ?? 0) > 0) row.overdue[n]! += 1;
    }
  });
  const total = (r: CountyCounts) => r.counts.reduce((a, b) => a + b, 0);
  return [...rows.values()].sort((a, b) => Number(a.id === null) - Number(b.id === null) || total(b) - total(a) || a.name.localeCompare(b.name, 'zh-CN'));
}
