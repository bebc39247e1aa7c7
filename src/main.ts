import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/database-server';
import { runMigrations } from './database/migrate';
import { UsersService } from './users/users.service';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // The embedded server's own output is noise unless someone asked for debug logs.
  const verbose = config.log.level === 'debug' || config.log.level === 'trace';
  const db = await openDatabase(config, verbose ? (line) => logger.debug(line) : undefined);
  if (!config.database.url) logger.log(`Using the embedded PostgreSQL under ${config.dataDir}/postgres (set DATABASE_URL to use a server)`);
  if (config.database.migrationsRun) {
    const applied = await runMigrations(db.url);
    if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  }
  const app = await createApp(config, db.url);
  await app.get(UsersService).bootstrapAdmin();
  // Close the app (finishing requests), then the embedded database, on a stop signal.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: shutting down`);
      // Requests and jobs in hand get 15 s; a stuck connection must not keep the process alive.
      setTimeout(() => process.exit(1), 15_000).unref();
      void app
        .close()
        .then(() => db.close())
        .finally(() => process.exit(0));
    });
  }
  await app.listen(config.http.port, config.http.host);
  logger.log(`Listening on http://${config.http.host}:${config.http.port} — API docs at /api/docs`);
}

void bootstrap();
