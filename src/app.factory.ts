import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { commonErrors } from './common/errors/app-error';
import { JSON_BODY_LIMITS, jsonBodyParser } from './common/http/json-body';
import { noStoreMiddleware } from './common/http/no-store';
import { requestContextMiddleware } from './common/http/request-context';
import { AppConfig } from './config/app-config';

export const API_PREFIX = 'api';

/** Builds and initialises the HTTP application exactly as it serves: `main.ts` and the e2e tests share it. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use(requestContextMiddleware);
  // No upgrade-insecure-requests: deployments on an intranet serve the web app over plain HTTP,
  // where upgrading its own script and style requests to https would leave a blank page.
  // img-src blob:: attachments are fetched with the bearer token and shown from object URLs.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'blob:'] } } }));
  app.use(`/${API_PREFIX}/v1`, noStoreMiddleware);
  app.use(`/${API_PREFIX}/v1`, apiCompression());
  // Strict JSON only, bounded in size and depth before it is parsed (a few KB for sign-in routes and
  // callers without a valid-looking token): a malformed, oversized or too-deep body is the client's error.
  app.use(jsonBodyParser({ ...JSON_BODY_LIMITS, smallPaths: new RegExp(`^/${API_PREFIX}/v1/auth/`) }, config.jwt.secret));
  app.set('trust proxy', config.http.trustProxy);
  app.set('x-powered-by', false);
  // Versioned API under /api/v1; the health probe stays at /api/health across versions.
  app.setGlobalPrefix(`${API_PREFIX}/v1`, { exclude: [{ path: `${API_PREFIX}/health`, method: RequestMethod.GET }] });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('招商引资 CRM API')
      .setDescription('招商线索、对接记录、签约与项目库。所有金额以万元为单位、以十进制字符串表示。')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });

  await app.init();
  serveWebApp(app, config.webDir);
  // Nest answers unknown paths only under the global prefix; anything else (/, /api/v2/…) would
  // get Express's HTML page. Mounted after init, so it runs only when no route matched.
  app.use((_req: Request, res: Response) => {
    const error = commonErrors('ROUTE_NOT_FOUND');
    res.status(error.status).json({ statusCode: error.status, code: error.code, message: error.message });
  });
  return app;
}

/**
 * The built web app at / (after init, so every /api route wins): its hashed assets cached for a
 * year (gzipped when the build left a .gz), and index.html for any other GET of a page path, so a
 * reload on /today works. /api paths and missing files (a path with an extension) fall through
 * to the JSON 404.
 */
function serveWebApp(app: NestExpressApplication, webDir: string): void {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return;
  const assets = join(webDir, 'assets');
  // The build writes a .gz beside each script and style sheet: sent as is to browsers that take gzip.
  app.use('/assets', (req: Request, res: Response, next: NextFunction) => {
    const name = basename(req.path);
    const gz = join(assets, `${name}.gz`);
    if (!/\.(js|css)$/.test(name) || req.path !== `/${name}` || !req.acceptsEncodings('gzip') || !existsSync(gz)) return next();
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(extname(name));
    res.sendFile(gz);
  });
  app.useStaticAssets(webDir, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const page = (req.method === 'GET' || req.method === 'HEAD') && !/^\/api(\/|$)/.test(req.path) && !extname(req.path);
    if (!page || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/**
 * The API's JSON answers of 1 KB and more compressed when the client takes it (brotli at the
 * package's quality 4, else gzip): a 50-row page is 35–45 KB of JSON and about a fifth of that
 * compressed, which is what a phone on 4G waits for (issue 18's first screen). gzip level 4:
 * within a few per cent of the default's size at a fraction of its CPU (45 KB of interactions:
 * 8.9 KB in ~0.2 ms, against 8.4 KB in ~1.5 ms at level 6; brotli 4: 8.4 KB in ~0.4 ms).
 * Sign-in answers are never compressed: they carry tokens beside what the caller sent (BREACH).
 * Spreadsheets are zip already; compression's own filter skips their type.
 */
function apiCompression() {
  const signIn = /^\/auth\//;
  return compression({ level: 4, threshold: 1024, filter: (req, res) => !signIn.test(req.path) && compression.filter(req, res) });
}
