import { randomBytes } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { cloneTemplate, dropDatabase, SERVER_URL_VAR, TEMPLATE_VAR } from './server';

export interface TestApp {
  app: NestExpressApplication;
  /** supertest agent bound to the app. */
  http: () => ReturnType<typeof request>;
  /** The app's own connection, for asserting what was (or was not) written. */
  db: DataSource;
  databaseUrl: string;
  close(): Promise<void>;
}

let liveApp = false;

/**
 * The real application on its own throwaway database (cloned from the migrated template),
 * built by the same factory as production. `env` overrides configuration variables.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  // Passport keeps strategies in a process-wide registry: a second live app would replace the
  // first one's JWT strategy (and secret), and the first app's tokens would all answer 401.
  if (liveApp) throw new Error('close the previous test app before creating another (one live app per test file)');
  const serverUrl = process.env[SERVER_URL_VAR];
  const template = process.env[TEMPLATE_VAR];
  if (!serverUrl || !template) throw new Error('e2e tests need the global setup (run them through jest)');
  const databaseUrl = await cloneTemplate(serverUrl, template);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    // Every supertest request comes from 127.0.0.1: a spec that signs in often would trip the
    // per-address limit meant for real clients. The throttling specs set their own limits.
    LOGIN_RATE_PER_MINUTE: '10000',
    // The HTTP API alone: specs about background work ask for workers with APP_ROLE: 'all'.
    APP_ROLE: 'api',
    // Each file's PostgreSQL queue schema lives in its own database; on a shared Redis a
    // file needs its own key prefix.
    QUEUE_PREFIX: env.QUEUE_BACKEND === 'redis' ? `t${randomBytes(5).toString('hex')}` : 'crm',
    ...env,
    // 'same': a read replica that is the primary itself (lag 0), to see what is routed to it.
    ...(env.DATABASE_READ_URL === 'same' ? { DATABASE_READ_URL: databaseUrl } : {}),
  });
  const app = await createApp(config, databaseUrl);
  liveApp = true;
  return {
    app,
    http: () => request(app.getHttpServer()),
    db: app.get<DataSource>(getDataSourceToken()),
    databaseUrl,
    close: async () => {
      liveApp = false;
      await app.close();
      await dropDatabase(serverUrl, new URL(databaseUrl).pathname.slice(1));
    },
  };
}
