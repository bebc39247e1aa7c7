import { randomBytes } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { cloneTemplate, dropDatabase, SERVER_URL_VAR, TEMPLATE_VAR } from './server';

export interface TestApp {
  app: NestExpressApplication;
  /** supertest agent bound to the app. */
  http: () => ReturnType<typeof request>;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The real application on its own throwaway database (cloned from the migrated template),
 * built by the same factory as production. `env` overrides configuration variables.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const serverUrl = process.env[SERVER_URL_VAR];
  const template = process.env[TEMPLATE_VAR];
  if (!serverUrl || !template) throw new Error('e2e tests need the global setup (run them through jest)');
  const databaseUrl = await cloneTemplate(serverUrl, template);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    ...env,
  });
  const app = await createApp(config, databaseUrl);
  await app.init();
  return {
    app,
    http: () => request(app.getHttpServer()),
    databaseUrl,
    close: async () => {
      await app.close();
      await dropDatabase(serverUrl, new URL(databaseUrl).pathname.slice(1));
    },
  };
}
