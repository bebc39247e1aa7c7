import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const SECRET = 'x'.repeat(32);

/** loadConfig's error message, or a failure when it does not throw. */
function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has working defaults', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      role: 'all',
      http: { port: 3000, host: '0.0.0.0' },
      dataDir,
      database: { url: undefined, embeddedPort: 54329, migrationsRun: true },
      redis: { url: undefined },
      jwt: { secret: SECRET, accessTtl: 900, refreshTtl: 30 * 86_400 },
      bootstrapAdmin: { username: 'admin', password: undefined },
      log: { level: 'info' },
      throttle: { accountFailures: 5, addressFailures: 50, lockBaseSeconds: 60, lockMaxSeconds: 3600, failureMemorySeconds: 86_400, loginPerMinute: 30, apiPerMinute: 6000 },
      webhooks: { allowedHosts: null, allowPrivate: false, allowedPorts: [80, 443, 8080, 8443] },
    });
  });

  it('keeps attachments under DATA_DIR by default, in an S3 bucket when one is named', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir }).attachments).toEqual({ maxBytes: 20 * 1024 * 1024, dir: join(dataDir, 'attachments'), s3: null });
    const config = loadConfig({
      JWT_SECRET: SECRET,
      DATA_DIR: dataDir,
      ATTACHMENT_MAX_MB: '5',
      S3_BUCKET: 'crm-files',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'false',
    });
    expect(config.attachments).toEqual({
      maxBytes: 5 * 1024 * 1024,
      dir: join(dataDir, 'attachments'),
      s3: { bucket: 'crm-files', endpoint: 'http://minio:9000', region: 'us-east-1', accessKeyId: 'key', secretAccessKey: 'secret', forcePathStyle: false, keyPrefix: 'attachments/' },
    });
  });

  it('refuses half a pair of S3 keys, a bad bucket name and a zero size limit', () => {
    const message = configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, S3_BUCKET: 'Bad_Bucket', S3_ACCESS_KEY_ID: 'key', ATTACHMENT_MAX_MB: '0' });
    expect(message).toContain('S3_ACCESS_KEY_ID: set it together with S3_SECRET_ACCESS_KEY');
    expect(message).toContain('S3_BUCKET');
    expect(message).toContain('ATTACHMENT_MAX_MB');
  });

  it('reads the webhook allow-list, the private opt-in and the ports', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      DATA_DIR: dataDir,
      WEBHOOK_ALLOWED_HOSTS: ' QYAPI.weixin.qq.com , oapi.dingtalk.com., *.example.cn',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_ALLOWED_PORTS: '443, 9443',
    });
    expect(config.webhooks).toEqual({ allowedHosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com', '*.example.cn'], allowPrivate: true, allowedPorts: [443, 9443] });
    expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, WEBHOOK_ALLOWED_PORTS: '*' }).webhooks.allowedPorts).toBe('any');
    expect(() => loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, WEBHOOK_ALLOWED_HOSTS: 'http://x.cn/' })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
    expect(() => loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, WEBHOOK_ALLOWED_PORTS: '70000' })).toThrow(/WEBHOOK_ALLOWED_PORTS/);
    expect(() => loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, WEBHOOK_ALLOW_PRIVATE: 'perhaps' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });

  it('reads and converts the variables it knows', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      DATA_DIR: dataDir,
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/crm',
      REDIS_URL: 'redis://cache:6379',
      MIGRATIONS_RUN: 'false',
      LOGIN_ACCOUNT_FAILURES: '3',
      LOGIN_LOCK_BASE_SECONDS: '30',
      ADMIN_PASSWORD: 'long-enough-pw',
    });
    expect(config.http.port).toBe(8080);
    expect(config.database).toMatchObject({ url: 'postgres://u:p@db:5432/crm', migrationsRun: false });
    expect(config.redis.url).toBe('redis://cache:6379');
    expect(config.throttle).toMatchObject({ accountFailures: 3, lockBaseSeconds: 30, lockMaxSeconds: 3600 });
    expect(config.bootstrapAdmin.password).toBe('long-enough-pw');
  });

  it('believes X-Forwarded-For from loopback only, unless TRUST_PROXY names the load balancer', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir }).http.trustProxy).toEqual(['loopback']);
    expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, TRUST_PROXY: 'loopback, uniquelocal,10.0.0.0/8' }).http.trustProxy).toEqual(['loopback', 'uniquelocal', '10.0.0.0/8']);
    expect(() => loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('treats an empty DATABASE_URL or REDIS_URL as unset', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '  ' });
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
  });

  it.each(['abc', '70000', '-1', '80.5'])('refuses PORT=%s, naming PORT', (port) => {
    expect(configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, PORT: port })).toMatch(/^\s+PORT: /m);
  });

  it('refreshes the figures every minute unless METRICS_REFRESH_SECONDS says otherwise, and refuses an interval cron cannot keep', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir }).queue.metricsRefreshSeconds).toBe(60);
    expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, METRICS_REFRESH_SECONDS: '10' }).queue.metricsRefreshSeconds).toBe(10);
    for (const bad of ['0', '7', '45', '90', '3600', 'often']) {
      expect(configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, METRICS_REFRESH_SECONDS: bad })).toMatch(/^\s+METRICS_REFRESH_SECONDS: /m);
    }
  });

  it('names every bad variable at once', () => {
    const message = configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, PORT: 'x', DATABASE_URL: 'mysql://db', LOG_LEVEL: 'loud', MIGRATIONS_RUN: 'perhaps' });
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'MIGRATIONS_RUN']) expect(message).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
    expect(message).not.toMatch(/JWT_SECRET/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(configError({ NODE_ENV: 'production', DATA_DIR: dataDir })).toMatch(/JWT_SECRET: .*required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, DATA_DIR: dataDir }).jwt.secret).toBe(SECRET);
    // Production never falls back to a generated secret on disk.
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('refuses a short JWT_SECRET, in any environment', () => {
    expect(configError({ JWT_SECRET: 'too-short', DATA_DIR: dataDir })).toMatch(/JWT_SECRET: .*at least 32 characters/);
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31), DATA_DIR: dataDir })).toMatch(/JWT_SECRET/);
  });

  it('outside production generates a secret once, keeps it under DATA_DIR and reuses it', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const first = loadConfig({ DATA_DIR: dataDir }).jwt.secret;
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first);
      expect(loadConfig({ DATA_DIR: dataDir }).jwt.secret).toBe(first);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/JWT_SECRET/);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses a bad ADMIN_USERNAME and a short ADMIN_PASSWORD, naming them', () => {
    expect(configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, ADMIN_USERNAME: 'a b' })).toMatch(/^\s+ADMIN_USERNAME: /m);
    expect(configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, ADMIN_PASSWORD: 'short' })).toMatch(/^\s+ADMIN_PASSWORD: /m);
  });

  it.each([
    ['nine-char', /至少需要 10 个字符/],
    ['Password123', /是常见密码/],
    ['x'.repeat(129), /不能超过 128 个字符/],
  ])('holds ADMIN_PASSWORD=%j to the password policy', (password, why) => {
    const message = configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, ADMIN_PASSWORD: password, PORT: 'x' });
    expect(message).toMatch(/^\s+PORT: /m);
    expect(message).toMatch(new RegExp(`^\\s+ADMIN_PASSWORD: 管理员初始密码${why.source}`, 'm'));
  });

  it('refuses the retired lock variables, saying what replaced them', () => {
    const message = configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_SECONDS: '900' });
    expect(message).toMatch(/^\s+LOGIN_MAX_FAILURES: no longer read, replaced by LOGIN_ACCOUNT_FAILURES/m);
    expect(message).toMatch(/^\s+LOGIN_LOCK_SECONDS: no longer read, replaced by LOGIN_LOCK_BASE_SECONDS/m);
  });

  it('refuses a first lock longer than the longest', () => {
    const message = configError({ JWT_SECRET: SECRET, DATA_DIR: dataDir, LOGIN_LOCK_BASE_SECONDS: '600', LOGIN_LOCK_MAX_SECONDS: '300' });
    expect(message).toMatch(/^\s+LOGIN_LOCK_BASE_SECONDS: must not exceed LOGIN_LOCK_MAX_SECONDS/m);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir, PATH: '/usr/bin', SOMETHING_ELSE: 'x' })).not.toThrow();
  });
});
