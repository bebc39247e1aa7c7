/**
 * The smallest Nest app: one GET route returning a small JSON object, on the adapter named
 * by argv[2] (express | fastify). `npm run bench` runs it in its own process to measure
 * what the HTTP adapter alone costs per request.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function main(): Promise<void> {
  const adapter = process.argv[2];
  const port = Number(process.env.PORT ?? 3000);
  let app: INestApplication;
  if (adapter === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(HelloModule, new FastifyAdapter(), { logger: false });
  } else if (adapter === 'express') {
    app = await NestFactory.create(HelloModule, { logger: false });
  } else {
    throw new Error('usage: hello-app express|fastify');
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().finally(() => process.exit(0)));
  await app.listen(port, '127.0.0.1');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
