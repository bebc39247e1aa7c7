import { Empty, Pagination, Spin, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { Fragment, useSyncExternalStore, type HTMLAttributes, type Key, type ReactNode } from 'react';
import { cardRows, cellValue, leafColumns, rowKeyOf } from './responsive-table';
import './responsive-table.css';

/**
 * A table on a laptop, a list of cards on a phone (under antd's `md`, as the app's layout decides):
 * a wide table on a 390 px screen scrolls sideways, a card shows every column as 「标题：值」.
 * Takes antd Table's props; the first column is the card's heading, a column without a title
 * (actions) its footer, tree rows (children) follow their parent, indented; an expandable row's
 * detail opens under 明细. `onRow`'s attributes (data-testid …) go on each card, so a journey finds
 * the same rows on both. Scroll is the table's; a phone lists every row it is given, and under them
 * the pager of a list paged by the server (a `pagination` with `total` and `onChange`).
 */
export function ResponsiveTable<T extends object>(props: TableProps<T>) {
  if (!useIsPhone()) return <Table<T> {...props} />;
  return <CardList {...props} />;
}

// antd's md breakpoint (768 px), as AppLayout's Grid.useBreakpoint; matchMedia keeps antd's hook in
// the first screen's chunk instead of splitting it out to share with every page using this.
const PHONE = '(max-width: 767.98px)';
function onPhoneChange(changed: () => void): () => void {
  const query = window.matchMedia(PHONE);
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}
function useIsPhone(): boolean {
  return useSyncExternalStore(onPhoneChange, () => window.matchMedia(PHONE).matches);
}

function CardList<T extends object>({ dataSource, columns, rowKey, onRow, loading, locale, expandable, pagination }: TableProps<T>) {
  const leaves = leafColumns(columns ?? []);
  const rows = cardRows(dataSource ?? [], expandable?.childrenColumnName ?? 'children');
  const spinning = typeof loading === 'object' ? Boolean(loading.spinning) : Boolean(loading);
  const [head, ...rest] = leaves;
  const title = (c: ColumnType<T>): ReactNode => (typeof c.title === 'function' ? c.title({}) : c.title);
  const cell = (c: ColumnType<T>, record: T, index: number): ReactNode => cellValue(c, record, index);

  return (
    <Spin spinning={spinning}>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={(locale?.emptyText as ReactNode) ?? '暂无数据'} />
      ) : (
        <ul className="card-list">
          {rows.map(({ record, depth }, index) => {
            const attrs = (onRow?.(record, index) ?? {}) as HTMLAttributes<HTMLLIElement>;
            const footer = rest.filter((c) => !title(c));
            return (
              <li key={rowKeyOf(rowKey, record, index) as Key} {...attrs} className={`card-list-item${depth ? ' card-list-child' : ''}`} style={{ marginLeft: Math.min(depth, 3) * 12 }}>
                {head && <div className="card-list-head">{cell(head, record, index)}</div>}
                <dl className="card-list-fields">
                  {rest
                    .filter((c) => title(c))
                    .map((c, i) => (
                      <Fragment key={String(c.key ?? c.dataIndex ?? i)}>
                        <dt>{title(c)}</dt>
                        <dd>{cell(c, record, index)}</dd>
                      </Fragment>
                    ))}
                </dl>
                {expandable?.expandedRowRender && (
                  <details className="card-list-more">
                    <summary>明细</summary>
                    {expandable.expandedRowRender(record, index, 0, true)}
                  </details>
                )}
                {footer.length > 0 && <div className="card-list-actions">{footer.map((c, i) => <Fragment key={String(c.key ?? i)}>{cell(c, record, index)}</Fragment>)}</div>}
              </li>
            );
          })}
        </ul>
      )}
      {pagination && pagination.total !== undefined && pagination.onChange && (
        <Pagination simple size="small" align="center" current={pagination.current} pageSize={pagination.pageSize} total={pagination.total} onChange={pagination.onChange} style={{ marginTop: 12 }} />
      )}
    </Spin>
  );
}
