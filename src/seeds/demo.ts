/**
 * `npm run seed:demo`: loads the Tongliao demo organisation (regions, industry chains,
 * source regions, teams and users of every role), its demo pipeline (enterprises and
 * contacts, interactions, leads in every stage, the 2022-04-27 signing conference with its
 * 31 signings, a lead collision), the project registry (the signings rolled up, the article's
 * projects) and the targets of 2022 and this year into the database the service uses —
 * DATABASE_URL, else the embedded PostgreSQL under DATA_DIR — and recomputes the counted
 * figures. Idempotent: a second run finds everything and writes nothing.
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { ROLE_LABELS } from '../common/auth/auth-user';
import { Metric } from '../metrics/metric';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { DatabaseHandle, openDatabase } from '../database/database-server';
import { runMigrations } from '../database/migrate';
import { CountyTargetLine } from './targets';
import { SeedKind, SeedReport, seedTongliao } from './tongliao';

const KIND_LABELS: Record<SeedKind, string> = {
  regions: '区域 regions',
  industryChains: '产业链 industry chains',
  sourceRegions: '招商重点区域 source regions',
  users: '用户 users',
  teams: '招商队 teams',
  managerScopes: '分管范围 manager scopes',
  enterprises: '企业 enterprises',
  contacts: '联系人 contacts',
  signingEvents: '签约活动 signing events',
  leads: '招商线索 leads',
  leadTransitions: '阶段变更 stage moves',
  signings: '签约 signings',
  interactions: '对接记录 interactions',
  leadClaims: '撞单申请 lead claims',
  registryRollups: '签约入库 signing rollups',
  projects: '直接录入项目 projects entered',
  projectProfiles: '入库项目资料 project details',
  projectNodes: '项目节点 project nodes',
  yearPlans: '年度计划投资 year plans',
  progressReports: '月度完成投资 monthly progress',
  problems: '卡点堵点 problems',
  problemUpdates: '卡点处理 problem updates',
  departments: '责任部门 departments',
  assignments: '交办单 assignments',
  targets: '指标任务 targets',
  targetSplits: '指标分解 split targets',
  chainLinks: '产业链链节 chain links',
  chainLinkCompanies: '链节企业 companies on chain links',
  carriers: '载体 carriers',
  promotedProjects: '推介项目 promoted projects',
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
  console.log(`Seeding the Tongliao demo organisation, pipeline, registry and targets into ${config.database.url ? hidePassword(config.database.url) : `the embedded PostgreSQL under ${embeddedDir}`}`);
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
    // No workers here: what the seed schedules (follow-up reminders, registry rollups of the
    // signings) waits in the outbox for the service's own workers, as an API write's would.
    // The seed rolls the signings up itself, so the registry is filled at once; the rollup
    // jobs, when a worker gets to them, find them done and change nothing. When a running
    // service's workers got there first, the seed completes the projects they created.
    const seedConfig: AppConfig = { ...config, role: 'api' };
    app = await NestFactory.createApplicationContext(AppModule.forRoot(seedConfig, db.url), { logger: ['error', 'warn'], abortOnError: false });
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
  console.log(`\n${created === 0 ? 'Nothing to do: the demo organisation, its pipeline, registry and targets are already there.' : `Created ${created} records.`}\n`);
  console.log(table(['', 'created', 'existing'], counts.map(([kind, c]) => [KIND_LABELS[kind], String(c.created), String(c.existing)])));
  const pipeline = report.pipeline;
  if (pipeline) {
    const e = pipeline.event;
    if (e) {
      const check = e.exact ? '✓ exact' : '✗ differs from the demo set, see below';
      console.log(`\n${e.name}（${e.heldOn}${e.isOnline ? '，网上签约' : ''}）：${e.projectCount} 个项目，${e.totalAmount} 万元 = ${e.totalAmountYi} 亿元  ${check}`);
    }
    console.log(`Demo leads by stage: ${pipeline.stages.map((s) => `${s.label} ${s.count}`).join(' · ')}`);
    console.log(`Open follow-ups due today or later: ${pipeline.openFollowUps}`);
  }
  const registry = report.registry;
  if (registry) {
    const p = registry.planned;
    const u = registry.threeUn;
    console.log(`\n项目库：${registry.projects} 个项目（签约入库 ${registry.rolledUp}，直接录入 ${registry.projects - registry.rolledUp}），总投资 ${registry.totalInvestment} 万元`);
    console.log(
      `${registry.year}年：列入年度计划 ${p.projects} 个项目，总投资 ${p.totalInvestment} 万元，年度计划投资 ${p.annualPlan} 万元，完成投资 ${p.completed} 万元（完成年度计划 ${p.planDoneRate ?? '—'}%）`,
    );
    console.log(`三未：立项未开工 ${u.notStarted} 个 · 开工未建设 ${u.startedNotBuilding} 个 · 建设未竣工 ${u.notCompleted} 个`);
  }
  if (report.targets.length) {
    console.log(`\n旗县区指标任务（实际/目标，金额为万元；${report.metricsRefreshed ? '统计数已重新计算' : '统计数无需重算'}）：`);
    for (const line of report.targets) console.log(`  ${targetLine(line)}`);
  }
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

const SHORT_LABELS: Record<Metric, string> = {
  [Metric.EnterprisesContacted]: '对接企业',
  [Metric.Visits]: '走访',
  [Metric.NewLeads]: '新增线索',
  [Metric.SignedProjects]: '签约项目',
  [Metric.SignedAmount]: '签约金额',
  [Metric.ProjectsRegistered]: '注册落地',
  [Metric.ProjectsStarted]: '开工',
  [Metric.CompletedInvestment]: '完成投资',
  [Metric.FundsInPlace]: '到位资金',
};

/** `2022年 开鲁县：签约金额 1646657.589/1200000（137.22%）· 签约项目 7/8 · …；分解给 3 支招商队，未分解 …`. */
function targetLine(line: CountyTargetLine): string {
  const amount = line.metrics.find((m) => m.metric === Metric.SignedAmount);
  const head = amount ? `签约金额 ${amount.actual}/${amount.target}（${amount.completion}%）` : '';
  const rest = line.metrics.filter((m) => m !== amount).map((m) => `${SHORT_LABELS[m.metric]} ${m.actual}/${m.target}`);
  const split = line.split
    ? `；分解给 ${line.split.teams} 支招商队，未分解签约金额 ${line.split.unassigned[Metric.SignedAmount] ?? '—'}`
    : '';
  return `${line.label} ${line.county}：${[head, ...rest].filter(Boolean).join(' · ')}${split}`;
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
