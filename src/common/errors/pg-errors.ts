import { QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
}

function pgError(err: unknown): PgDriverError | undefined {
  return err instanceof QueryFailedError ? (err.driverError as PgDriverError) : undefined;
}

/** True when `err` is PostgreSQL's unique violation, optionally of one named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = pgError(err);
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/**
 * True when `err` is a foreign-key violation (a referenced row missing, or a referencing row left).
 * PostgreSQL 18 reports a row kept by ON DELETE RESTRICT as restrict_violation (23001), not 23503.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = pgError(err)?.code;
  return code === '23503' || code === '23001';
}

/** True when `err` is one of PostgreSQL's data exceptions (class 22): a value the column type cannot take. */
export function isDataException(err: unknown): boolean {
  return pgError(err)?.code?.startsWith('22') ?? false;
}
