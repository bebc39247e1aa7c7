import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { isLoginRoute } from '../../auth/login-throttle';
import { AppConfig } from '../../config/app-config';
import { RateLimitsRepository } from './rate-limits.repository';
import { PostgresThrottlerStorage, RedisThrottlerStorage } from './shared-throttler-storage';

export const SHARED_THROTTLER_STORAGE = Symbol('SHARED_THROTTLER_STORAGE');

/** The store of the rate limits: Redis when REDIS_URL is set, else the service's PostgreSQL. */
@Module({})
class RateLimitStoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const redisUrl = config.redis.url;
    return {
      module: RateLimitStoreModule,
      providers: [
        RateLimitsRepository,
        {
          provide: SHARED_THROTTLER_STORAGE,
          inject: [RateLimitsRepository],
          useFactory: (repository: RateLimitsRepository) => (redisUrl ? new RedisThrottlerStorage(redisUrl, config.queue.prefix) : new PostgresThrottlerStorage(repository)),
        },
      ],
      exports: [SHARED_THROTTLER_STORAGE],
    };
  }
}

/**
 * The API's rate limits, counted in a store every process shares: `api` per route and address,
 * `login` on the routes marked @LoginRateLimited per address.
 */
export function throttlingModule(config: AppConfig): DynamicModule {
  return ThrottlerModule.forRootAsync({
    imports: [RateLimitStoreModule.forRoot(config)],
    inject: [SHARED_THROTTLER_STORAGE],
    useFactory: (storage: PostgresThrottlerStorage | RedisThrottlerStorage) => ({
      storage,
      throttlers: [
        { name: 'api', ttl: 60_000, limit: config.throttle.apiPerMinute },
        { name: 'login', ttl: 60_000, limit: config.throttle.loginPerMinute, skipIf: (ctx) => !isLoginRoute(ctx) },
      ],
    }),
  });
}
