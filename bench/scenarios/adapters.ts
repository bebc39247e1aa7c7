import type { Scenario } from '../scenario';

/**
 * A hello-world Nest app per HTTP adapter, each in its own process: what the adapter and
 * Nest's routing cost per request, to set against the real endpoints above.
 */
function helloWorld(adapter: 'express' | 'fastify'): Scenario {
  return {
    name: `hello-world, Nest on ${adapter[0]!.toUpperCase()}${adapter.slice(1)}`,
    group: 'adapter',
    async setup(ctx) {
      const server = await ctx.startServer('dist/bench/hello-app.js', [adapter]);
      return {
        kind: 'http',
        url: `${server.url}/hello`,
        serverPid: server.pid,
        note: `GET /hello → {"hello":"world"}, @nestjs/platform-${adapter}`,
        teardown: server.stop,
      };
    },
  };
}

export const helloExpress = helloWorld('express');
export const helloFastify = helloWorld('fastify');
