import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/database-server';
import { runMigrations } from './database/migrate';

/**
 * Workers alone, without the HTTP API: run as many of these as the queues need
 * (`npm run start:worker`). They share the database and queue backend of the API.
 */
async function bootstrap(): Promise<void> {
  const logger = new Logger('Worker');
  let config;
  try {
    config = { ...loadConfig(), role: 'worker' as const };
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const db = await openDatabase(config);
  if (config.database.migrationsRun) await runMigrations(db.url);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db.url), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  // Shutdown hooks close the workers, which finish (or hand back) the jobs in hand first.
  let shuttingDown = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) return; // a second signal does not cut the jobs in hand short
      shuttingDown = true;
      logger.log(`${signal}: finishing jobs in hand, then stopping`);
      // A job that does not finish in time is taken over by another worker once its lock lapses.
      setTimeout(() => process.exit(1), 30_000).unref();
      void app
        .close()
        .then(() => db.close())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error(`shutdown failed: ${String(err)}`);
            process.exit(1);
          },
        );
    });
  }
  await app.init();
  logger.log('workers started');
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
