import { execFile } from 'node:child_process';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createNetServer, Socket } from 'node:net';
import { promisify } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { JOB_QUEUE, JobName } from '../../src/queue/jobs';
import { QueueService } from '../../src/queue/queue.service';
import { WorkersService } from '../../src/queue/workers.service';
import { API, Client } from './crm-factories';
import { freePort } from './free-port';
import { TestUser } from './factories';
import { TestApp } from './test-app';

const run = promisify(execFile);

/** The two queue backends every background-work suite runs on (`describe.each(BACKENDS)`). */
export const BACKENDS: Array<[string, Record<string, string>]> = [
  ['postgres', {}],
  ['redis', { QUEUE_BACKEND: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }],
];

/** Polls `probe` until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T> | T, what: string, timeoutMs = 10_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The job `jobId` of `name`'s queue, or undefined. */
export async function getJob(ctx: INestApplicationContext, name: JobName, jobId: string): Promise<Job | undefined> {
  return ctx.get(QueueService).queue(JOB_QUEUE[name]).getJob(jobId);
}

export async function jobState(ctx: INestApplicationContext, name: JobName, jobId: string): Promise<string | null> {
  const job = await getJob(ctx, name, jobId);
  return job ? await job.getState() : null;
}

/** Waits until the job exists (the outbox relay has published it) and returns it. */
export async function waitForJob(ctx: INestApplicationContext, name: JobName, jobId: string, timeoutMs = 10_000): Promise<Job> {
  return waitFor(() => getJob(ctx, name, jobId), `job ${jobId}`, timeoutMs);
}

/** Waits until the job is in one of `states`; returns the state. */
export async function waitForState(ctx: INestApplicationContext, name: JobName, jobId: string, states: string[], timeoutMs = 10_000): Promise<string> {
  return waitFor(async () => {
    const state = await jobState(ctx, name, jobId);
    return state && states.includes(state) ? state : null;
  }, `job ${jobId} to be ${states.join(' or ')}`, timeoutMs);
}

/**
 * Runs a published job now through the app's workers: promotes it if it is delayed (a
 * reminder due later today, a retry's backoff), then waits until it finished.
 */
export async function fire(ctx: INestApplicationContext, name: JobName, jobId: string, timeoutMs = 10_000): Promise<Job> {
  const job = await waitForJob(ctx, name, jobId, timeoutMs);
  if ((await job.getState()) === 'delayed') await job.promote().catch(() => undefined); // it may have come due meanwhile
  await waitForState(ctx, name, jobId, ['completed', 'failed'], timeoutMs);
  return (await getJob(ctx, name, jobId)) as Job;
}

/** Adds a job straight to its queue (bypassing the typed API) and waits until it finished. */
export async function addAndWait(ctx: INestApplicationContext, name: string, queueOf: JobName, data: unknown, jobId: string, timeoutMs = 10_000): Promise<Job> {
  await ctx.get(QueueService).queue(JOB_QUEUE[queueOf]).add(name, data as object, { jobId });
  await waitForState(ctx, queueOf, jobId, ['completed', 'failed'], timeoutMs);
  return (await getJob(ctx, queueOf, jobId)) as Job;
}

/** The running BullMQ workers of an app (private to WorkersService: reached here to simulate a crash). */
export function workersOf(ctx: INestApplicationContext): Worker[] {
  return (ctx.get(WorkersService) as unknown as { workers: Worker[] }).workers;
}

/**
 * Stops an app's workers as a crash would: without finishing or handing back the jobs in
 * hand (their locks simply expire), and dropping their connections, as a dead process does —
 * a force-closed PostgreSQL-backend worker otherwise keeps its blocking wait's timer.
 */
export async function killWorkers(ctx: INestApplicationContext): Promise<void> {
  await Promise.all(
    workersOf(ctx).map(async (w) => {
      await w.close(true);
      await w.disconnect().catch(() => undefined);
    }),
  );
}

/**
 * A second process's worth of workers on the same database and queues: the whole app as
 * `APP_ROLE=worker` (what src/worker.ts starts), with the test app's configuration.
 */
export async function workerContext(t: TestApp, queue: Partial<AppConfig['queue']> = {}): Promise<INestApplicationContext> {
  const base = t.app.get<AppConfig>(APP_CONFIG);
  const config: AppConfig = { ...base, role: 'worker', queue: { ...base.queue, ...queue } };
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, t.databaseUrl), { logger: false });
  await ctx.init();
  return ctx;
}

/** A client signed in as `user` that can PUT too (notification preferences). */
export async function signedIn(t: TestApp, user: TestUser): Promise<Client & { put(url: string): ReturnType<Client['get']> }> {
  const token = await user.token();
  const auth = <R extends { set(name: string, value: string): R }>(r: R) => r.set('Authorization', `Bearer ${token}`);
  return {
    user,
    get: (url) => auth(t.http().get(API + url)),
    post: (url) => auth(t.http().post(API + url)),
    put: (url) => auth(t.http().put(API + url)),
    patch: (url) => auth(t.http().patch(API + url)),
    delete: (url) => auth(t.http().delete(API + url)),
  };
}

// ---- a local HTTP receiver standing in for a webhook endpoint

/**
 * Configuration a suite opts in with when its webhooks post to startHttpStub(): loopback and
 * any port. Without it the service refuses such targets, as it does by default.
 */
export const LOCAL_WEBHOOK_RECEIVERS: Record<string, string> = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_ALLOWED_PORTS: '*' };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the stub does with the n-th request (0-based): answer with a status, or never answer. */
export type StubAction = { status: number; body?: string } | 'hang';

export interface HttpStub {
  url: string;
  requests: RecordedRequest[];
  /** Sets how requests are answered from now on (default: 200). */
  respond(action: (n: number, req: RecordedRequest) => StubAction): void;
  /** Drops the connections of requests left hanging, as a receiver going away would. */
  dropHanging(): void;
  close(): Promise<void>;
}

export async function startHttpStub(): Promise<HttpStub> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let action: (n: number, req: RecordedRequest) => StubAction = () => ({ status: 200 });
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const n = requests.push(recorded) - 1;
      const what = action(n, recorded);
      if (what === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(what.status, { 'Content-Type': 'application/json' }).end(what.body ?? '{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    respond: (fn) => {
      action = fn;
    },
    dropHanging: () => {
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
    },
    close: async () => {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- a local SMTP receiver: just enough of RFC 5321 for nodemailer

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

export interface SmtpStub {
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpStub(): Promise<SmtpStub> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 stub.local ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push(mail);
          mail = { from: '', to: [], data: '' };
          say('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-stub.local\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO') say('250 stub.local');
        else if (verb === 'MAIL') {
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          say('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          say('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          say('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET' || verb === 'NOOP') say('250 ok');
        else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('502 not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- a Redis of the test's own, to stop and start again

export { freePort };

export interface OwnRedis {
  port: number;
  url: string;
  readonly running: boolean;
  start(): Promise<void>;
  /** SHUTDOWN NOSAVE: the server goes away with everything it held. */
  stop(): Promise<void>;
}

/** A throwaway redis-server on a free port (no persistence), started and stopped by the test. */
export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const cli = (...args: string[]) => run('redis-cli', ['-p', String(port), ...args], { timeout: 5_000 });
  let running = false;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return running;
    },
    start: async () => {
      await run('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes']);
      running = true;
      await waitFor(async () => (await cli('PING')).stdout.includes('PONG'), `redis-server on ${port}`, 5_000);
    },
    stop: async () => {
      if (!running) return;
      running = false;
      await cli('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the connection drops as the server exits
      await waitFor(async () => !(await cli('PING').then((r) => r.stdout.includes('PONG'), () => false)), `redis-server on ${port} to stop`, 5_000);
    },
  };
}
