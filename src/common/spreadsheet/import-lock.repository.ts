import { QueryRunner } from 'typeorm';

/**
 * The session-level advisory lock one kind of import holds while it writes: two imports of the
 * same kind at once would each pass their check and then collide on the same new records.
 */
export class ImportLockRepository {
  /** Takes the lock of `kind` on this connection if free; true when taken. */
  static async tryLock(runner: QueryRunner, kind: string): Promise<boolean> {
    const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`${kind}-import`])) as Array<{ locked: boolean }>;
    return locked;
  }

  static async unlock(runner: QueryRunner, kind: string): Promise<void> {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`${kind}-import`]);
  }
}
