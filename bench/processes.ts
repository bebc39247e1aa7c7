import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Every child this run started, so a failure or Ctrl-C still stops them. */
const running = new Set<ChildProcess>();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs `node <script>` with `env` on top of a clean environment and waits until
 * `readyPath` answers 200. Output is kept and shown only if the process fails to come up.
 */
export async function startNodeServer(opts: {
  script: string;
  args?: string[];
  /** Flags for node itself, before the script. */
  nodeArgs?: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
  cwd: string;
  timeoutMs?: number;
}): Promise<ChildServer> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.script, ...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => running.delete(child));

  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${opts.script} exited (${exitCode}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`${opts.script} not ready on ${url}${opts.readyPath} after ${(opts.timeoutMs ?? 60_000) / 1000}s:\n${output}`);
    }
    try {
      const res = await fetch(`${url}${opts.readyPath}`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, pid: child.pid as number, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Last-resort cleanup on a signal: kill what this run started, by pid. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process (all its threads) has used, from /proc; undefined elsewhere. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
