import type { ReactNode } from 'react';
import { densityOf, headerRows, type HeaderColumn } from './layout';

export type RowKind = 'data' | 'subtotal' | 'total';

export interface PrintColumn<T> extends HeaderColumn {
  key: string;
  /** Right-aligned, tabular digits, never wrapped. */
  numeric?: boolean;
  /** Long text (名称, 建设内容, 卡点堵点) that wraps to keep the table within the page width. */
  wrap?: boolean;
  /** A subtotal or total row may span its label across the first columns; the rest render here. */
  render: (row: T, index: number) => ReactNode;
}

interface Props<T> {
  columns: Array<PrintColumn<T>>;
  rows: T[];
  rowKey: (row: T, index: number) => string;
  rowKind?: (row: T) => RowKind;
  /** For a subtotal / total row: its label, written across the first `labelSpan` columns. */
  label?: (row: T) => string | undefined;
  labelSpan?: number;
  empty?: string;
  testId?: string;
}

/**
 * A report table as printed: header rows (one, or two where columns share a group) repeated on
 * every page, numbers right-aligned in tabular digits, subtotal and total rows set apart. Plain
 * HTML, not antd's Table: its scroll wrappers and fixed columns do not print.
 */
export function PrintTable<T>({ columns, rows, rowKey, rowKind, label, labelSpan = 1, empty = '无数据', testId = 'print-table' }: Props<T>) {
  const header = headerRows(columns);
  // Many columns print in smaller type, so they still fit one page width.
  const density = densityOf(columns.length);
  return (
    <table className={`print-table${density === 'normal' ? '' : ` print-${density}`}`} data-testid={testId}>
      <thead>
        {header.map((cells, i) => (
          <tr key={i}>
            {cells.map((c) => (
              <th key={c.key} colSpan={c.colSpan > 1 ? c.colSpan : undefined} rowSpan={c.rowSpan > 1 ? c.rowSpan : undefined}>
                {c.title}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="print-empty">
              {empty}
            </td>
          </tr>
        )}
        {rows.map((row, i) => {
          const kind = rowKind?.(row) ?? 'data';
          const text = kind !== 'data' ? label?.(row) : undefined;
          const span = text !== undefined ? Math.min(labelSpan, columns.length) : 0;
          return (
            <tr key={rowKey(row, i)} className={`print-row-${kind}`} data-kind={kind} data-testid="print-row">
              {span > 0 && (
                <td colSpan={span > 1 ? span : undefined} className="print-label" data-key={columns[0]!.key}>
                  {text}
                </td>
              )}
              {columns.slice(span).map((c) => (
                <td key={c.key} data-key={c.key} className={c.numeric ? 'num' : c.wrap ? 'wrap' : undefined}>
                  {c.render(row, i)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
