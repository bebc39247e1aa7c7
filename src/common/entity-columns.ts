import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * Millisecond precision keeps timestamps equal to their JavaScript `Date`, which keyset
 * cursors depend on (a microsecond column would never compare equal to its cursor).
 */
export const CreatedAt = () => CreateDateColumn({ type: 'timestamptz', precision: 3 });
export const UpdatedAt = () => UpdateDateColumn({ type: 'timestamptz', precision: 3 });

/** The largest value of a PostgreSQL `integer` column: the upper bound of every integer field stored in one (e.g. `version`). */
export const INT4_MAX = 2_147_483_647;
