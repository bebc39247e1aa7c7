/**
 * Migration commands for the one DataSource the app uses:
 *   node dist/src/database/cli.js run | revert | show | generate <Name>
 * With no DATABASE_URL they act on the embedded database under DATA_DIR, like the service.
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { createDataSource } from './data-source';
import { openDatabase } from './database-server';
import { pendingSchemaChanges, withMigrationLock } from './migrate';

const MIGRATIONS_DIR = join(process.cwd(), 'migrations');

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (!['run', 'revert', 'show', 'generate'].includes(command ?? '')) {
    console.error('usage: cli (run | revert | show | generate <Name>)');
    process.exit(2);
  }
  if (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
    console.error('generate needs a PascalCase name, e.g. AddLeads');
    process.exit(2);
  }
  const db = await openDatabase(loadConfig());
  const ds = createDataSource(db.url);
  await ds.initialize();
  try {
    await withMigrationLock(ds, async () => {
      if (command === 'run') {
        const applied = await ds.runMigrations({ transaction: 'each' });
        console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'no pending migrations');
      } else if (command === 'revert') {
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
      } else if (command === 'show') {
        const pending = await ds.showMigrations();
        console.log(pending ? 'there are pending migrations' : 'all migrations applied');
      } else {
        // Generate against an up-to-date schema, or the diff would repeat pending work.
        await ds.runMigrations({ transaction: 'each' });
        const { up, down } = await pendingSchemaChanges(ds);
        if (up.length === 0) {
          console.log('entities and migrations agree: nothing to generate');
          return;
        }
        const file = writeMigration(name as string, up, down.reverse());
        writeIndex();
        console.log(`wrote ${file}: review it before committing`);
      }
    });
  } finally {
    await ds.destroy();
    await db.close();
  }
}

function writeMigration(name: string, up: string[], down: string[]): string {
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const q = (sql: string) => `        await queryRunner.query(${JSON.stringify(sql)});`;
  const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
    name = '${className}';

    public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
    }
}
`;
  const file = join(MIGRATIONS_DIR, `${timestamp}-${name}.ts`);
  writeFileSync(file, body);
  return file;
}

/** migrations/index.ts lists every migration in order, so no loader has to glob for them. */
export function writeIndex(): void {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-[A-Za-z0-9]+\.ts$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const cls = /export class (\w+)/.exec(readFileSync(join(MIGRATIONS_DIR, f), 'utf8'))?.[1];
    if (!cls) throw new Error(`${f} exports no migration class`);
    return { cls, module: `./${f.replace(/\.ts$/, '')}` };
  });
  const text = `// Written by \`npm run migration:generate\`: every migration, oldest first.
${entries.map((e) => `import { ${e.cls} } from '${e.module}';`).join('\n')}

export const MIGRATIONS = [
${entries.map((e) => `  ${e.cls},`).join('\n')}
];
`;
  writeFileSync(join(MIGRATIONS_DIR, 'index.ts'), text);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
