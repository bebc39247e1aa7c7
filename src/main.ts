import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ShutdownSignal } from './common/lifecycle/shutdown-signal';
import { ConfigError, loadConfig } from './config/app-config';
import { DatabaseHandle, openDatabase } from './database/database-server';
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
  // On a stop signal: refuse new connections, let requests and jobs in hand finish, close the
  // app, and only then stop the embedded database. A second signal does not cut this short.
  let shuttingDown = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
      logger.log(`${signal}: shutting down`);
      // Requests and jobs in hand get 15 s; a stuck connection must not keep the process alive.
      setTimeout(() => process.exit(1), 15_000).unref();
      // Long work in hand (an import) ends early and answers, rather than holding the server open.
      app.get(ShutdownSignal).begin();
      void shutDown(app.getHttpServer() as Server, () => app.close(), db, logger).then((code) => process.exit(code));
    });
  }
  await app.listen(config.http.port, config.http.host);
  logger.log(`Listening on http://${config.http.host}:${config.http.port} — API docs at /api/docs`);
}

/**
 * Nest's close() runs the shutdown hooks (the database pool among them) before it stops the HTTP
 * server, so the server is closed first here: requests in flight finish against a live pool.
 * Resolves to the exit code.
 */
async function shutDown(server: Server, closeApp: () => Promise<void>, db: DatabaseHandle, logger: Logger): Promise<number> {
  let code = 0;
  // Idle keep-alive connections would hold close() open; those that go idle meanwhile too.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  await closed;
  clearInterval(sweep);
  await closeApp().catch((err: unknown) => {
    code = 1;
    logger.error(`closing the app failed: ${String(err)}`);
  });
  await db.close().catch((err: unknown) => {
    code = 1;
    logger.error(`stopping the database failed: ${String(err)}`);
  });
  return code;
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
