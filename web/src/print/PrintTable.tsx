import { useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';
import { densityOf, headerRows, type HeaderColumn } from './layout';

export type RowKind = 'data' | 'subtotal' | 'total';

export interface PrintColumn<T> extends HeaderColumn {
  key: string;
  /** Right-aligned, tabular digits, never wrapped. */
  numeric?: boolean;
  /** Long text (名称, 建设内容, 卡点堵点) that wraps to keep the table within the page width. */
  wrap?: boolean;
  render: (row: T, index: number) => ReactNode;
}

interface Props<T> {
  columns: Array<PrintColumn<T>>;
  rows: T[];
  rowKey: (row: T, index: number) => string;
  rowKind?: (row: T) => RowKind;
  empty?: string;
  testId?: string;
}

/**
 * A report table as printed: header rows (one, or two where columns share a group) repeated on
 * every page, numbers right-aligned in tabular digits, subtotal and total rows set apart. Plain
 * HTML, not antd's Table: its scroll wrappers and fixed columns do not print.
 */
export function PrintTable<T>({ columns, rows, rowKey, rowKind, empty = '无数据', testId = 'print-table' }: Props<T>) {
  const header = headerRows(columns);
  // Many columns print in smaller type, so they still fit one page width.
  const density = densityOf(columns.length);
  const ref = useFitWidth(rows);
  return (
    <table ref={ref} className={`print-table${density === 'normal' ? '' : ` print-${density}`}`} data-testid={testId}>
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
          return (
            <tr key={rowKey(row, i)} className={`print-row-${kind}`} data-kind={kind} data-testid="print-row">
              {columns.map((c) => (
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

/**
 * The last resort after the smaller type: a table whose numbers still do not fit the sheet's width
 * (a city's amounts with many digits) is scaled down as a whole, as Excel's 「调整为一页宽」 does,
 * rather than cut off at the page edge. Measured against the sheet, which is the A4 content width
 * (277 mm) on screen and on paper alike.
 */
function useFitWidth(rows: unknown): RefObject<HTMLTableElement | null> {
  const ref = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    const table = ref.current;
    const box = table?.parentElement;
    if (!table || !box) return;
    const fit = () => {
      table.style.zoom = '';
      const room = box.clientWidth;
      if (room <= 0) return;
      // Scaled text wraps anew, so the width is checked again after each step (a few suffice).
      let zoom = 1;
      for (let i = 0; i < 5 && table.getBoundingClientRect().width > room + 0.5; i++) {
        zoom = Math.floor(zoom * (room / table.getBoundingClientRect().width) * 1000) / 1000;
        table.style.zoom = String(zoom);
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(box);
    return () => observer.disconnect();
  }, [rows]);
  return ref;
}
