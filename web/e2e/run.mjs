#!/usr/bin/env node
// npm run test:e2e (in web/): the browser journeys against the real service.
//   1. builds the service (tsc) and web/dist if needed
//   2. a scratch database seeded with the demo (`seed:demo`): on E2E_DATABASE_URL's server
//      (default postgres://postgres@127.0.0.1:5432/postgres), else an embedded PostgreSQL
//   3. starts the built service on a free port, checks web/openapi.json is the document it
//      serves, runs e2e/*.test.mjs with node's test runner in
//      headless Chromium (CHROMIUM, default /usr/bin/chromium), stops it and drops the database.
// Screenshots land in web/test-output/. Extra arguments go to `node --test`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
const root = join(web, '..');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (m) => console.log(`e2e: ${m} (+${elapsed()})`);

if (!existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium')) {
  console.error('e2e: Chromium not found at /usr/bin/chromium: apt-get install -y chromium (or set CHROMIUM)');
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const require = createRequire(join(root, 'package.json'));
const { Client } = require('pg');

async function serverAnswers(url) {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function admin(url, sql) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'crm-web-e2e-'));
const serverUrl = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `crm_web_e2e_${process.pid}_${Date.now().toString(36)}`;
let databaseUrl;
let service;
let exitCode = 1;

try {
  log('building the service and the web app');
  run('npm', ['run', 'build', '--silent'], { cwd: root });
  run('node', [join(web, 'scripts', 'ensure-built.mjs')], { cwd: root });

  // A sign-in lock the journeys make lasts 15 minutes (default 1): long enough to find and lift on a slow machine.
  const env = { LOGIN_LOCK_BASE_SECONDS: '900', ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'error', WEB_DIR: join(web, 'dist') };
  if (await serverAnswers(serverUrl)) {
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
    env.DATABASE_URL = databaseUrl;
    log(`scratch database ${dbName} on ${u.host}`);
  } else {
    delete env.DATABASE_URL;
    env.EMBEDDED_PG_PORT = String(await freePort());
    log(`no PostgreSQL at ${new URL(serverUrl).host}: embedded PostgreSQL under ${dataDir}`);
  }

  log('seeding the demo');
  run('node', ['dist/src/seeds/demo.js'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  service = spawn('node', ['dist/src/main.js'], { cwd: root, env: { ...env, PORT: String(port), HOST: '127.0.0.1', APP_ROLE: 'all' }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; ; i++) {
    if (service.exitCode !== null) throw new Error('the service exited during start');
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 240) throw new Error('the service did not answer /api/health within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`service up on ${base}`);

  // The client is typed from web/openapi.json: it must be the document this service serves.
  const live = await (await fetch(`${base}/api/docs-json`)).json();
  const saved = JSON.parse(readFileSync(join(web, 'openapi.json'), 'utf8'));
  if (JSON.stringify(live) !== JSON.stringify(saved)) {
    throw new Error('web/openapi.json differs from the service\'s /api/docs-json: start the service, run `npm run api:refresh` in web/, and rebuild (npm run build) to see what the change breaks');
  }

  mkdirSync(join(web, 'test-output'), { recursive: true });
  const files = readdirSync(join(web, 'e2e')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join('e2e', f));
  const extra = process.argv.slice(2);
  const t0 = Date.now();
  const tests = spawnSync('node', ['--test', '--test-concurrency=1', ...extra, ...(extra.some((a) => a.endsWith('.mjs')) ? [] : files)], {
    cwd: web,
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: base },
  });
  log(`browser tests took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  exitCode = tests.status ?? 1;
} catch (e) {
  console.error(`e2e: ${e.message}`);
} finally {
  if (service && service.exitCode === null) {
    const exited = new Promise((r) => service.once('exit', r));
    service.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))]);
  }
  if (databaseUrl) await admin(serverUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) => console.error(`e2e: could not drop ${dbName}: ${e.message}`));
  rmSync(dataDir, { recursive: true, force: true });
  log(`done, exit ${exitCode}`);
  process.exit(exitCode);
}
