import type { TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { isValidElement, type ReactNode } from 'react';

type Columns<T> = NonNullable<TableProps<T>['columns']>;

/** The columns that hold cells: a column group's children in its place. */
export function leafColumns<T>(columns: Columns<T>): ColumnType<T>[] {
  return columns.flatMap((c) => ('children' in c && Array.isArray(c.children) ? leafColumns(c.children as Columns<T>) : [c as ColumnType<T>]));
}

/** The rows in reading order, a tree row's children after it, with their depth. */
export function cardRows<T>(rows: readonly T[], childrenKey: string, depth = 0): Array<{ record: T; depth: number }> {
  return rows.flatMap((record) => {
    const children = (record as Record<string, unknown>)[childrenKey];
    return [{ record, depth }, ...(Array.isArray(children) ? cardRows(children as T[], childrenKey, depth + 1) : [])];
  });
}

/** A column's value in a record: dataIndex as a key or a path. */
export function fieldValue<T>(column: Pick<ColumnType<T>, 'dataIndex'>, record: T): unknown {
  const path = column.dataIndex;
  if (path === undefined || path === null) return undefined;
  const keys = Array.isArray(path) ? path : [path];
  return keys.reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string, unknown>)[k as string]), record);
}

/** What the table would show in the cell: the column's render, else the value itself. */
export function cellValue<T>(column: ColumnType<T>, record: T, index: number): ReactNode {
  const value = fieldValue(column, record);
  if (!column.render) return value == null ? '' : (value as ReactNode);
  const out = column.render(value, record, index) as unknown;
  // antd lets render return { children, props } to span cells: a card shows the children.
  if (out && typeof out === 'object' && !isValidElement(out) && 'children' in out) return (out as { children: ReactNode }).children;
  return out as ReactNode;
}

export function rowKeyOf<T>(rowKey: TableProps<T>['rowKey'], record: T, index: number): string {
  if (typeof rowKey === 'function') return String(rowKey(record, index));
  const key = (record as Record<string, unknown>)[String(rowKey ?? 'key')];
  return key === undefined ? String(index) : String(key);
}
