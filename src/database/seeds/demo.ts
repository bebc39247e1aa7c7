/**
 * `npm run seed:demo`: loads the Tongliao demo organisation (regions, industry chains,
 * source regions, teams and users of every role) into the database the service uses —
 * DATABASE_URL, else the embedded PostgreSQL under DATA_DIR. Idempotent: a second run
 * finds everything and writes nothing.
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../app.module';
import { ROLE_LABELS } from '../../common/auth/auth-user';
import { AppConfig, ConfigError, loadConfig } from '../../config/app-config';
import { DatabaseHandle, openDatabase } from '../database-server';
import { runMigrations } from '../migrate';
import { SeedKind, SeedReport, seedTongliao } from './tongliao';

const KIND_LABELS: Record<SeedKind, string> = {
  regions: '区域 regions',
  industryChains: '产业链 industry chains',
  sourceRegions: '招商重点区域 source regions',
  users: '用户 users',
  teams: '招商队 teams',
  managerScopes: '分管范围 manager scopes',
};

async function main(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }

  const embeddedDir = `${config.dataDir}/postgres`;
  console.log(`Seeding the Tongliao demo organisation into ${config.database.url ? hidePassword(config.database.url) : `the embedded PostgreSQL under ${embeddedDir}`}`);
  const serverLog: string[] = [];
  let db: DatabaseHandle;
  try {
    db = await openDatabase(config, (line) => serverLog.push(line));
  } catch (err) {
    if (config.database.url) {
      console.error(`Cannot open ${hidePassword(config.database.url)}: ${describe(err)}`);
    } else {
      console.error(
        [
          `The embedded PostgreSQL under ${embeddedDir} could not start.`,
          'It cannot run twice on one data directory: if the service (npm start) is running on it, stop the service',
          'first and run the seed again — or seed through the running server instead:',
          `  DATABASE_URL=postgres://postgres:postgres@127.0.0.1:${config.database.embeddedPort}/zhaoshang_crm npm run seed:demo`,
          ...(serverLog.length ? ['PostgreSQL said:', ...serverLog.slice(-5).map((l) => `  ${l}`)] : err ? [`  ${describe(err)}`] : []),
        ].join('\n'),
      );
    }
    return 1;
  }

  let app: INestApplicationContext | undefined;
  try {
    if (config.database.migrationsRun) {
      const applied = await runMigrations(db.url);
      if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
    }
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db.url), { logger: ['error', 'warn'], abortOnError: false });
    const report = await seedTongliao(app, { log: (line) => console.log(`  ${line}`) });
    printReport(report);
    return 0;
  } catch (err) {
    console.error(`Seeding failed: ${describe(err)}`);
    return 1;
  } finally {
    await app?.close();
    await db.close();
  }
}

function printReport(report: SeedReport): void {
  const counts = Object.entries(report.counts) as Array<[SeedKind, { created: number; existing: number }]>;
  const created = counts.reduce((n, [, c]) => n + c.created, 0);
  console.log(`\n${created === 0 ? 'Nothing to do: the demo organisation is already there.' : `Created ${created} records.`}\n`);
  console.log(table(['', 'created', 'existing'], counts.map(([kind, c]) => [KIND_LABELS[kind], String(c.created), String(c.existing)])));
  if (report.warnings.length) {
    console.log('\nLeft as found (differs from the demo set):');
    for (const w of report.warnings) console.log(`  ! ${w}`);
  }
  console.log('\nDemo accounts (sign in with POST /api/v1/auth/login):\n');
  console.log(
    table(
      ['username', 'role', 'password', 'name', 'post', 'sees'],
      report.accounts.map((a) => [a.username, `${a.role} ${ROLE_LABELS[a.role]}`, a.password ?? '(changed)', a.displayName, a.title, a.sees]),
    ),
  );
}

/** A plain-text table; CJK characters count as two columns, as terminals draw them. */
function table(header: string[], rows: string[][]): string {
  const width = (s: string) => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((cols[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), line(cols.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function hidePassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error && !err.message.includes(err.cause.message) ? `${err.message} (${err.cause.message})` : err.message;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
