/**
 * Summarises a V8 .cpuprofile (the service run with `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…"`)
 * by self time: the top functions, and the same time added up per package (node_modules/<pkg>,
 * the project's own src/, node: internals, GC, idle), so a per-request cost can be traced to
 * what spends it.
 *
 *   node dist/bench/profile-summary.js <file.cpuprofile | dir> [--top=40] [--from=s] [--to=s] [--callers=name]
 *
 * A directory means its newest .cpuprofile. --from/--to keep the samples of that window (seconds
 * since the profile began: leave out start-up, or another scenario run against the same process);
 * --callers=name prints the call stacks that spend the self time of the functions so named.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to: `pkg` or `@scope/pkg` under node_modules, `src/<dir>` of the project, `node:` internals. */
export function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const src = url.indexOf('/dist/src/');
  if (src >= 0) return 'src/' + url.slice(src + '/dist/src/'.length).split('/')[0];
  return url.replace(/^file:\/\//, '');
}

function newest(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files.length) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0]!;
}

function main(): void {
  const arg = process.argv[2];
  if (!arg) throw new Error('usage: profile-summary <file.cpuprofile | dir> [--top=40]');
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 40);
  const file = statSync(arg).isDirectory() ? newest(arg) : arg;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const from = Number(process.argv.find((a) => a.startsWith('--from='))?.slice(7) ?? 0) * 1e6;
  const to = Number(process.argv.find((a) => a.startsWith('--to='))?.slice(5) ?? Infinity) * 1e6;
  const callers = process.argv.find((a) => a.startsWith('--callers='))?.slice(10);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at < to) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const perFn = new Map<string, number>();
  const perPkg = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const pkg = packageOf(url, functionName);
    const short = url ? url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '') : '';
    const key = `${functionName || '(anonymous)'}  ${short}${url ? ':' + (lineNumber + 1) : ''}`;
    perFn.set(key, (perFn.get(key) ?? 0) + t);
    perPkg.set(pkg, (perPkg.get(pkg) ?? 0) + t);
  }
  if (process.argv.includes('--timeline')) {
    // Busy ms per second of the profile, to find where start-up ends and each scenario runs.
    const perSecond: number[] = [];
    let t = 0;
    profile.samples.forEach((id, i) => {
      const d = profile.timeDeltas[i] ?? 0;
      t += d;
      if (byId.get(id)!.callFrame.functionName !== '(idle)') perSecond[Math.floor(t / 1e6)] = (perSecond[Math.floor(t / 1e6)] ?? 0) + d;
    });
    console.log('busy ms per second: ' + Array.from(perSecond, (v, i) => `${i}:${Math.round((v ?? 0) / 1000)}`).join(' ') + '\n');
  }
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us: number) => ((100 * us) / busy).toFixed(1).padStart(5) + '%';
  console.log(`${file}\n${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (not idle)\n`);
  console.log('self time by package (ms, % of busy)');
  for (const [k, v] of [...perPkg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${ms(v)} ${pct(v)}  ${k}`);
  console.log(`\ntop ${top} functions by self time`);
  for (const [k, v] of [...perFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)} ${pct(v)}  ${k}`);
  if (callers) printCallers(callers, self, byId, parent, ms);
}

function printCallers(name: string, self: Map<number, number>, byId: Map<number, ProfileNode>, parent: Map<number, number>, ms: (us: number) => string): void {
  const stacks = new Map<string, number>();
  for (const [id, t] of self) {
    if (byId.get(id)!.callFrame.functionName !== name) continue;
    const frames: string[] = [];
    for (let c = parent.get(id), d = 0; c !== undefined && d < 14; c = parent.get(c), d++) {
      const f = byId.get(c)!.callFrame;
      frames.push(`${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${f.lineNumber + 1}`);
    }
    const key = frames.join('\n      <- ');
    stacks.set(key, (stacks.get(key) ?? 0) + t);
  }
  console.log(`\ncallers of ${name}`);
  for (const [k, v] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`${ms(v)} ms\n      <- ${k}`);
}

main();
