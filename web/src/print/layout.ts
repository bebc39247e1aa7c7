/** A column's header: its title, and the group heading it sits under in a two-row header. */
export interface HeaderColumn {
  key: string;
  title: string;
  group?: string;
}

export interface HeaderCell {
  key: string;
  title: string;
  colSpan: number;
  rowSpan: number;
}

/**
 * The header rows of a report table, as the .xlsx merges them: one row when no column has a group;
 * otherwise two, where neighbouring columns of the same group share one heading above their own
 * titles, and columns without a group span both rows.
 */
export function headerRows(columns: readonly HeaderColumn[]): HeaderCell[][] {
  if (!columns.some((c) => c.group)) return [columns.map((c) => ({ key: c.key, title: c.title, colSpan: 1, rowSpan: 1 }))];
  const top: HeaderCell[] = [];
  const bottom: HeaderCell[] = [];
  for (let i = 0; i < columns.length; ) {
    const c = columns[i]!;
    if (!c.group) {
      top.push({ key: c.key, title: c.title, colSpan: 1, rowSpan: 2 });
      i++;
      continue;
    }
    let j = i;
    while (j < columns.length && columns[j]!.group === c.group) {
      bottom.push({ key: columns[j]!.key, title: columns[j]!.title, colSpan: 1, rowSpan: 1 });
      j++;
    }
    top.push({ key: `group:${c.group}:${i}`, title: c.group, colSpan: j - i, rowSpan: 1 });
    i = j;
  }
  return [top, bottom];
}

/** From this many columns a table prints in smaller type (.print-dense), from the second in the smallest (.print-denser). */
export const DENSE_FROM = 14;
export const DENSER_FROM = 28;

/** The type a table of `columns` columns prints in, so that it stays one A4 landscape page wide. */
export function densityOf(columns: number): 'normal' | 'dense' | 'denser' {
  return columns >= DENSER_FROM ? 'denser' : columns >= DENSE_FROM ? 'dense' : 'normal';
}
