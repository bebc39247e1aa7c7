import { Controller, Get, Inject, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../common/auth/decorators';
import { commonErrors } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** `GET /api/health`: database and Redis, for load balancers and the admin's queue view. */
@ApiTags('health 健康检查')
@Controller('api/health')
export class HealthController implements OnModuleDestroy {
  private readonly redis?: Redis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (config.redis.url) {
      this.redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
      this.redis.on('error', () => undefined); // reported through the check, not as an unhandled event
    }
  }

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: '健康检查：数据库与 Redis' })
  async check() {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.redisCheck()]);
    } catch (err) {
      // A check that is down answers 503 with its report; anything else that fails under strain
      // (no pooled connection, a timeout outside the checks) is also "not serving", never a 500.
      if (err instanceof ServiceUnavailableException) throw err;
      throw commonErrors('SERVICE_UNAVAILABLE');
    }
  }

  private redisCheck() {
    const session = this.indicators.check('redis');
    const redis = this.redis;
    if (!redis) return session.up({ configured: false, message: 'REDIS_URL 未配置：队列使用 PostgreSQL 后端' });
    return session
      .attempt(async () => {
        if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
        await redis.ping();
        return { configured: true };
      })
      .withTimeout(2000);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }
}
