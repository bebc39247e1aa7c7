import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { commonErrors } from '../errors/app-error';
import { isDataException } from '../errors/pg-errors';

export const MAX_PAGE_SIZE = 200;

/** A page's `limit`: 1 to `max` rows (MAX_PAGE_SIZE unless a list says otherwise), `size` when left out (the caller applies it). */
export function PageLimit(size: number, description?: string, max = MAX_PAGE_SIZE): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ minimum: 1, maximum: max, default: size, description }), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(max));
}

/** `?cursor=&limit=` of every list endpoint. */
export class PageQuery {
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @PageLimit(50)
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** How many rows the list has in all (every page), under the same scope and filters. */
  total: number;
}

/** The same page with its items mapped (views of the rows): the cursor and total carry over. */
export function mapPage<T, U>(page: Page<T>, items: U[]): Page<U> {
  return { items, nextCursor: page.nextCursor, total: page.total };
}

type SortValue = string | number;

/**
 * What a sort key (or id) holds, so a cursor is checked against it before it reaches SQL: a
 * forged cursor or one from another list is a 400, never a type error in the database.
 */
export type KeyKind = 'time' | 'date' | 'integer' | 'decimal' | 'text' | 'uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d{1,20}(\.\d{1,10})?$/;

/** True when `value` (from a cursor) is a value of `kind`, within what PostgreSQL takes. */
export function fitsKey(value: SortValue, kind: KeyKind): boolean {
  switch (kind) {
    case 'time':
      return typeof value === 'string' && TIME.test(value) && Number.isFinite(Date.parse(value));
    case 'date':
      return typeof value === 'string' && DATE.test(value) && Number.isFinite(Date.parse(`${value}T00:00:00Z`));
    case 'integer':
      return (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d{1,18}$/.test(value));
    case 'decimal':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && DECIMAL.test(value));
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'text':
      return typeof value === 'string';
  }
}

/** The kind of a TypeORM column, from its declared type. */
function kindOfColumn(type: unknown): KeyKind {
  if (type === Date || type === 'timestamptz' || type === 'timestamp' || type === 'timestamp with time zone') return 'time';
  if (type === 'date') return 'date';
  if (type === Number || type === 'int' || type === 'integer' || type === 'int4' || type === 'smallint' || type === 'bigint' || type === 'int8') return 'integer';
  if (type === 'numeric' || type === 'decimal') return 'decimal';
  if (type === 'uuid') return 'uuid';
  return 'text';
}

export interface KeysetSort<T> {
  /** Alias of the root entity in the query. */
  alias: string;
  /** Property the list is ordered by, and its column name in SQL. */
  property: keyof T & string;
  column: string;
  direction?: 'ASC' | 'DESC';
}

/** The kinds of the sort column and the id, read from the query's root entity. */
function keyKinds<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, property: string): { value: KeyKind; id: KeyKind } {
  const metadata = qb.expressionMap.mainAlias?.metadata;
  const column = metadata?.findColumnWithPropertyName(property);
  const id = metadata?.findColumnWithPropertyName('id');
  if (!column || !id) throw new Error(`keyset sort: ${property} or id is not a column of the query's root entity`);
  return { value: kindOfColumn(column.type), id: kindOfColumn(id.type) };
}

/**
 * Keyset pagination on (sort column, id): stable under inserts, and as fast on page 500
 * as on page 1, unlike OFFSET.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  page: PageQuery,
  sort: KeysetSort<T>,
): Promise<Page<T>> {
  return keysetPage(qb, page, sort, async (q) => {
    const { entities, raw } = await q.getRawAndEntities<Record<string, unknown>>();
    return { rows: entities, total: raw.length ? Number(raw[0]![PAGE_TOTAL]) : undefined, key: (row) => row[sort.property] };
  });
}

/**
 * {@link paginate} for a list read as plain rows: the query selects its view's columns itself
 * (`qb.select(...)`, with `id` and the sort column's alias `sort.key`) and `query` runs it, as a
 * named prepared statement (queryPrepared, in the read model), planned once per connection. For the hot scoped lists, where TypeORM's
 * hydration of joined entities and the page's planning (its scope subquery) cost the service
 * and the database more than the 50 rows (issue 18's profile of the teams list).
 */
export async function paginateRows<R extends { id: string }, T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: PageQuery,
  sort: KeysetSort<T> & { key: keyof R & string },
  query: (text: string, values: unknown[]) => Promise<Array<R & { [PAGE_TOTAL]?: string | number }>>,
): Promise<Page<R>> {
  return keysetPage(qb, page, sort, async (q) => {
    const [text, values] = q.getQueryAndParameters();
    const rows = await query(text, values);
    const total = rows.length ? Number(rows[0]![PAGE_TOTAL]) : undefined;
    for (const row of rows) delete row[PAGE_TOTAL];
    return { rows, total, key: (row) => row[sort.key] };
  });
}

/**
 * The keyset page of `qb` after `page.cursor`, `run` reading its rows (one more than the limit)
 * and the total that rides along on them.
 */
async function keysetPage<T extends ObjectLiteral, R extends { id: string }>(
  qb: SelectQueryBuilder<T>,
  page: PageQuery,
  sort: KeysetSort<T>,
  run: (qb: SelectQueryBuilder<T>) => Promise<{ rows: R[]; total: number | undefined; key: (row: R) => unknown }>,
): Promise<Page<R>> {
  const limit = page.limit ?? 50;
  const dir = sort.direction ?? 'DESC';
  const { alias } = sort;
  // Counted before the cursor narrows the query: the list's total, the same on every page.
  const counting = qb.clone();
  if (page.cursor) {
    const after = keysetAfter(alias, sort.column, page.cursor, dir, keyKinds(qb, sort.property));
    qb.andWhere(after.sql, after.params);
  }
  qb.orderBy(`${alias}.${sort.property}`, dir).addOrderBy(`${alias}.id`, dir).limit(limit + 1);
  // The count rides along as an uncorrelated scalar subquery (planned once, run once): one round
  // trip per page instead of two. Each query costs the service ~0.3–1 ms of CPU in pg, TypeORM
  // and the socket write, more than the count itself on a scoped page (issue 18's profile).
  qb.addSelect(`(${countQuery(counting).getQuery()})`, PAGE_TOTAL);
  let read: Awaited<ReturnType<typeof run>>;
  let total: number;
  try {
    read = await run(qb);
    // No row carries it when the page is empty: none at all without a cursor, else past the end.
    total = read.total ?? (page.cursor ? await counting.getCount() : 0);
  } catch (err) {
    // A well-formed cursor whose values the sort columns cannot take (forged, or from another list).
    if (page.cursor && isDataException(err)) throw invalidCursor();
    throw err;
  }
  const items = read.rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = read.rows.length > limit && last ? encodeCursor(sortValue(read.key(last)), last.id) : null;
  return { items, nextCursor, total };
}

export const PAGE_TOTAL = '__page_total';

/**
 * What `getCount()` would run for `qb`, as a query builder: the same count expression (distinct
 * ids when joins could repeat a row) with the ordering and paging dropped.
 */
function countQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const expression = (qb as unknown as { computeCountExpression(): string }).computeCountExpression();
  return qb.clone().orderBy().groupBy().offset(undefined).limit(undefined).skip(undefined).take(undefined).select(expression, 'cnt').setOption('disable-global-order');
}

/**
 * The keyset condition "after `cursor`" on `alias`'s (column, id), with named parameters
 * cursorValue and cursorId: what paginate adds, for a query that must page the same way inside.
 * A cursor whose values are not of the columns' kinds is refused here, before any SQL.
 */
export function keysetAfter(
  alias: string,
  column: string,
  cursor: string,
  direction: 'ASC' | 'DESC',
  kinds: { value: KeyKind; id: KeyKind },
): { sql: string; params: { cursorValue: SortValue; cursorId: string } } {
  const [value, id] = decodeCursor(cursor);
  if (!fitsKey(value, kinds.value) || !fitsKey(id, kinds.id)) throw invalidCursor();
  return { sql: `(${alias}.${column}, ${alias}.id) ${direction === 'DESC' ? '<' : '>'} (:cursorValue, :cursorId)`, params: { cursorValue: value, cursorId: id } };
}

function sortValue(value: unknown): SortValue {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error('keyset sort value must be a date, string or number');
}

export function encodeCursor(value: SortValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [SortValue, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      /^[0-9A-Za-z-]{1,64}$/.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through: any undecodable cursor is the client's error
  }
  throw invalidCursor();
}

/** The 400 of a cursor that is not one of the list's own. */
export const invalidCursor = () => commonErrors('INVALID_CURSOR', [{ field: 'cursor', message: 'cursor 无效，请从第一页重新开始' }]);
