#!/usr/bin/env node
// Run by the repository's `npm start` (prestart): installs the web app's dependencies when
// web/package-lock.json changed since the last install, and builds web/dist when any of its
// sources is newer than the last build. A fresh clone pays once (install + build); a restart
// with nothing changed pays a file scan.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function run(args, what) {
  const started = Date.now();
  console.log(`web: ${what} …`);
  const r = spawnSync(npm, args, { cwd: web, stdio: 'inherit', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  if (r.status !== 0) {
    console.error(`web: ${what} failed (npm ${args.join(' ')} in web/)`);
    process.exit(r.status ?? 1);
  }
  console.log(`web: ${what} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// npm writes node_modules/.package-lock.json at every install: older than the lockfile = stale.
if (mtime(join(web, 'node_modules', '.package-lock.json')) < mtime(join(web, 'package-lock.json'))) {
  run(['ci', '--include=dev'], 'installing dependencies (npm ci)');
}

const built = mtime(join(web, 'dist', 'index.html'));
const inputs = ['src', 'index.html', 'openapi.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json'].map((p) => newest(join(web, p)));
if (built > 0 && built >= Math.max(...inputs)) {
  console.log('web: web/dist is up to date');
} else {
  run(['run', 'build'], 'building web/dist');
}
