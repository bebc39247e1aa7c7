import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';
import { passwordProblem } from '../common/auth/password-policy';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the service reads, validated once at start.
 * Nothing else in the code base reads `process.env`.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['all', 'api', 'worker'])
  APP_ROLE: 'all' | 'api' | 'worker' = 'all';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Which peers' X-Forwarded-For is believed (Express's trust proxy): behind a load balancer on
   * another address (docker compose's nginx: `loopback, uniquelocal`), or every client would
   * share the balancer's address in the per-address limits and the audit log.
   */
  @Matches(/^\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*\s*$/, {
    message: 'TRUST_PROXY must be loopback, linklocal, uniquelocal or IP addresses / CIDR ranges, separated by commas',
  })
  TRUST_PROXY = 'loopback';

  /** Where the embedded database, the generated JWT secret and other local state live. */
  @IsString()
  DATA_DIR = './data';

  @Transform(emptyToUndefined) @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** A streaming replica for reports and exports (ARCHITECTURE.md, "Scaling out"); unset: all reads on DATABASE_URL. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_READ_URL must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  /** Port of the embedded PostgreSQL used when DATABASE_URL is unset. */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(toBool) @IsBoolean()
  MIGRATIONS_RUN = true;

  @Transform(emptyToUndefined) @IsOptional() @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** Where BullMQ keeps its queues: Redis when REDIS_URL is set, else PostgreSQL (the service's own database). */
  @Transform(emptyToUndefined) @IsOptional() @IsIn(['redis', 'postgres'])
  QUEUE_BACKEND?: 'redis' | 'postgres';

  /** Namespace of this deployment's queues (Redis key prefix / PostgreSQL schema suffix). */
  @Matches(/^[a-z][a-z0-9_]{0,30}$/, { message: 'QUEUE_PREFIX must be lower-case letters, digits and _' })
  QUEUE_PREFIX = 'crm';

  /** Jobs one worker runs at once, per queue. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  WORKER_CONCURRENCY = 5;

  /** How long a worker's claim on a job lasts without renewal: a crashed worker's job is taken over after this. */
  @Transform(toInt) @IsInt() @Min(500) @Max(600_000)
  WORKER_LOCK_MS = 30_000;

  /**
   * How often the summary figures (and the wall screen's) are refreshed, in seconds: 60 by
   * default; a divisor of 60 below a minute, whole minutes dividing an hour above it.
   */
  @Transform(toInt) @IsIn([10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800], { message: 'METRICS_REFRESH_SECONDS must be one of 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800' })
  METRICS_REFRESH_SECONDS = 60;

  /** SMTP server for e-mail notifications (smtp:// or smtps://); unset: no e-mail channel. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString() @MaxLength(200)
  MAIL_FROM = '招商引资CRM <noreply@localhost>';

  /** Base URL of the web app, for links in notifications. */
  @IsString() @MaxLength(200)
  PUBLIC_URL = 'http://localhost:3000';

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required when NODE_ENV=production' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Access token lifetime in seconds. */
  @Transform(toInt) @IsInt() @Min(30) @Max(86_400)
  JWT_ACCESS_TTL = 900;

  /** Refresh token lifetime in seconds. */
  @Transform(toInt) @IsInt() @Min(300)
  JWT_REFRESH_TTL = 30 * 86_400;

  @IsString() @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: 'ADMIN_USERNAME must be 3-64 letters, digits, _ . -' })
  ADMIN_USERNAME = 'admin';

  /** Checked against the password policy in loadConfig. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  ADMIN_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Failed sign-ins of one username from one address before that pair is throttled (other addresses are not). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LOGIN_ACCOUNT_FAILURES = 5;

  /** Failed sign-ins from one address, whatever the usernames, before the address is throttled. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  LOGIN_ADDRESS_FAILURES = 50;

  /** The first throttle's length; each further failure doubles it, up to LOGIN_LOCK_MAX_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  LOGIN_LOCK_BASE_SECONDS = 60;

  @Transform(toInt) @IsInt() @Min(1) @Max(7 * 86_400)
  LOGIN_LOCK_MAX_SECONDS = 3600;

  /** Failures followed by this long without another are forgotten. */
  @Transform(toInt) @IsInt() @Min(60) @Max(30 * 86_400)
  LOGIN_FAILURE_MEMORY_SECONDS = 86_400;

  /** Login attempts per minute from one address, whatever the username. */
  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_RATE_PER_MINUTE = 30;

  /** Requests per minute from one address across the API. */
  @Transform(toInt) @IsInt() @Min(1)
  API_RATE_PER_MINUTE = 6000;

  /**
   * The only hosts webhooks may post to, comma-separated (`qyapi.weixin.qq.com,oapi.dingtalk.com`);
   * `*.example.cn` admits its subdomains. Unset: any host with a public address.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.?\s*(,\s*(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.?\s*)*$/i, {
    message: 'WEBHOOK_ALLOWED_HOSTS must be host names separated by commas (e.g. qyapi.weixin.qq.com,oapi.dingtalk.com)',
  })
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** Lets webhooks reach loopback, private and link-local addresses: tests and intranet receivers only. */
  @Transform(toBool) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  /** Ports webhooks may post to, comma-separated, or `*` for any. */
  @Matches(/^\s*(\*|\d{1,5}(\s*,\s*\d{1,5})*)\s*$/, { message: 'WEBHOOK_ALLOWED_PORTS must be port numbers separated by commas, or *' })
  WEBHOOK_ALLOWED_PORTS = '80,443,8080,8443';

  /** Where attachments are kept when no S3 bucket is configured; default: DATA_DIR/attachments. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  ATTACHMENTS_DIR?: string;

  /** The largest attachment (photo, contract scan …) accepted, in MB. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1024)
  ATTACHMENT_MAX_MB = 20;

  /** S3-compatible object storage for attachments (AWS S3, MinIO, OSS, COS …): set S3_BUCKET to use it instead of the disk. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name (lower-case letters, digits, . and -)' })
  S3_BUCKET?: string;

  /** The service's URL for other than AWS (`http://minio:9000`); unset: AWS by region. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @IsString() @MaxLength(64)
  S3_REGION = 'us-east-1';

  /** Unset: the SDK's own credential chain (environment, instance role …). */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style addressing (endpoint/bucket/key), which MinIO and most self-hosted stores need. */
  @Transform(toBool) @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** Prefix of every attachment's object key. */
  @Matches(/^[A-Za-z0-9_/-]{0,100}$/, { message: 'S3_KEY_PREFIX must be letters, digits, _ - /' })
  S3_KEY_PREFIX = 'attachments/';

  /** The built web app (`npm --prefix web run build`), served at / when its index.html exists. */
  @IsString()
  WEB_DIR = 'web/dist';
}

export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  role: EnvironmentVariables['APP_ROLE'];
  http: { port: number; host: string; trustProxy: string[] };
  dataDir: string;
  database: { url?: string; readUrl?: string; embeddedPort: number; migrationsRun: boolean };
  redis: { url?: string };
  queue: { backend: 'redis' | 'postgres'; prefix: string; concurrency: number; lockMs: number; metricsRefreshSeconds: number };
  mail: { smtpUrl?: string; from: string };
  publicUrl: string;
  /** Absolute path of the built web app; served only if it holds an index.html. */
  webDir: string;
  jwt: { secret: string; accessTtl: number; refreshTtl: number };
  bootstrapAdmin: { username: string; password?: string };
  log: { level: string };
  throttle: {
    /** Failures per (username, address), per address, before a throttle. */
    accountFailures: number;
    addressFailures: number;
    lockBaseSeconds: number;
    lockMaxSeconds: number;
    failureMemorySeconds: number;
    loginPerMinute: number;
    apiPerMinute: number;
  };
  /** Where webhooks may post: see WebhookTargetPolicy. */
  /** Where attachments are stored: the disk under `dir`, or an S3-compatible bucket when `s3` is set. */
  attachments: {
    maxBytes: number;
    dir: string;
    s3: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean; keyPrefix: string } | null;
  };
  webhooks: {
    /** Lower-case host names (`*.x` for subdomains of x); null: any host with a public address. */
    allowedHosts: string[] | null;
    allowPrivate: boolean;
    /** 'any', or the ports allowed. */
    allowedPorts: 'any' | number[];
  };
}

export class ConfigError extends Error {}

/** Validates the environment and returns the typed configuration; throws naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const key of [...known, 'JWT_SECRET', 'DATABASE_URL', 'DATABASE_READ_URL', 'REDIS_URL', 'ADMIN_PASSWORD', 'QUEUE_BACKEND', 'SMTP_URL', 'WEBHOOK_ALLOWED_HOSTS', 'ATTACHMENTS_DIR', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
    if (env[key] !== undefined) raw[key] = env[key] as string;
  }
  const vars = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(vars, { skipMissingProperties: false });
  const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  // Rules across or beyond single variables.
  const adminPasswordProblem = vars.ADMIN_PASSWORD === undefined ? null : passwordProblem(vars.ADMIN_PASSWORD, '管理员初始密码');
  if (adminPasswordProblem) lines.push(`  ADMIN_PASSWORD: ${adminPasswordProblem}`);
  if ((vars.S3_ACCESS_KEY_ID === undefined) !== (vars.S3_SECRET_ACCESS_KEY === undefined)) lines.push('  S3_ACCESS_KEY_ID: set it together with S3_SECRET_ACCESS_KEY, or neither');
  if (vars.LOGIN_LOCK_BASE_SECONDS > vars.LOGIN_LOCK_MAX_SECONDS) lines.push('  LOGIN_LOCK_BASE_SECONDS: must not exceed LOGIN_LOCK_MAX_SECONDS');
  lines.push(...retiredVariables(env));
  if (lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  const dataDir = isAbsolute(vars.DATA_DIR) ? vars.DATA_DIR : resolve(process.cwd(), vars.DATA_DIR);
  return {
    env: vars.NODE_ENV,
    role: vars.APP_ROLE,
    http: { port: vars.PORT, host: vars.HOST, trustProxy: vars.TRUST_PROXY.split(',').map((p) => p.trim()) },
    dataDir,
    database: { url: vars.DATABASE_URL, readUrl: vars.DATABASE_READ_URL, embeddedPort: vars.EMBEDDED_PG_PORT, migrationsRun: vars.MIGRATIONS_RUN },
    redis: { url: vars.REDIS_URL },
    queue: { backend: queueBackend(vars), prefix: vars.QUEUE_PREFIX, concurrency: vars.WORKER_CONCURRENCY, lockMs: vars.WORKER_LOCK_MS, metricsRefreshSeconds: vars.METRICS_REFRESH_SECONDS },
    mail: { smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM },
    publicUrl: vars.PUBLIC_URL.replace(/\/+$/, ''),
    webDir: isAbsolute(vars.WEB_DIR) ? vars.WEB_DIR : resolve(process.cwd(), vars.WEB_DIR),
    jwt: {
      secret: vars.JWT_SECRET ?? localJwtSecret(dataDir),
      accessTtl: vars.JWT_ACCESS_TTL,
      refreshTtl: vars.JWT_REFRESH_TTL,
    },
    bootstrapAdmin: { username: vars.ADMIN_USERNAME, password: vars.ADMIN_PASSWORD },
    log: { level: vars.LOG_LEVEL },
    throttle: {
      accountFailures: vars.LOGIN_ACCOUNT_FAILURES,
      addressFailures: vars.LOGIN_ADDRESS_FAILURES,
      lockBaseSeconds: vars.LOGIN_LOCK_BASE_SECONDS,
      lockMaxSeconds: vars.LOGIN_LOCK_MAX_SECONDS,
      failureMemorySeconds: vars.LOGIN_FAILURE_MEMORY_SECONDS,
      loginPerMinute: vars.LOGIN_RATE_PER_MINUTE,
      apiPerMinute: vars.API_RATE_PER_MINUTE,
    },
    attachments: {
      maxBytes: vars.ATTACHMENT_MAX_MB * 1024 * 1024,
      dir: vars.ATTACHMENTS_DIR ? (isAbsolute(vars.ATTACHMENTS_DIR) ? vars.ATTACHMENTS_DIR : resolve(process.cwd(), vars.ATTACHMENTS_DIR)) : join(dataDir, 'attachments'),
      s3: vars.S3_BUCKET
        ? {
            bucket: vars.S3_BUCKET,
            endpoint: vars.S3_ENDPOINT,
            region: vars.S3_REGION,
            accessKeyId: vars.S3_ACCESS_KEY_ID,
            secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
            forcePathStyle: vars.S3_FORCE_PATH_STYLE,
            keyPrefix: vars.S3_KEY_PREFIX,
          }
        : null,
    },
    webhooks: webhookConfig(vars),
  };
}

function webhookConfig(vars: EnvironmentVariables): AppConfig['webhooks'] {
  const list = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);
  const allowedHosts = vars.WEBHOOK_ALLOWED_HOSTS ? list(vars.WEBHOOK_ALLOWED_HOSTS).map((h) => h.toLowerCase().replace(/\.$/, '')) : null;
  const ports = vars.WEBHOOK_ALLOWED_PORTS.trim() === '*' ? 'any' : list(vars.WEBHOOK_ALLOWED_PORTS).map(Number);
  if (ports !== 'any' && ports.some((p) => p < 1 || p > 65535)) throw new ConfigError('Invalid configuration:\n  WEBHOOK_ALLOWED_PORTS: ports run from 1 to 65535');
  return { allowedHosts, allowPrivate: vars.WEBHOOK_ALLOW_PRIVATE, allowedPorts: ports };
}

/**
 * Variables whose meaning is gone: the lock of a whole account by name (anyone could lock anyone
 * out) became throttles per (username, address) and per address. Silently ignoring a deployment's
 * old setting would change its behaviour unseen, so the start stops and says what to set instead.
 */
const RETIRED: Record<string, string> = {
  LOGIN_MAX_FAILURES: 'replaced by LOGIN_ACCOUNT_FAILURES (per username and address) and LOGIN_ADDRESS_FAILURES (per address)',
  LOGIN_LOCK_SECONDS: 'replaced by LOGIN_LOCK_BASE_SECONDS and LOGIN_LOCK_MAX_SECONDS (the throttle doubles from one to the other)',
};

function retiredVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(RETIRED)
    .filter((name) => env[name] !== undefined)
    .map((name) => `  ${name}: no longer read, ${RETIRED[name]}`);
}

function queueBackend(vars: EnvironmentVariables): 'redis' | 'postgres' {
  const backend = vars.QUEUE_BACKEND ?? (vars.REDIS_URL ? 'redis' : 'postgres');
  if (backend === 'redis' && !vars.REDIS_URL) throw new ConfigError('Invalid configuration:\n  QUEUE_BACKEND: redis needs REDIS_URL');
  return backend;
}

/** Outside production a missing JWT_SECRET is generated once and kept, so sessions survive restarts. */
function localJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  process.emitWarning(`JWT_SECRET is not set: generated one and stored it in ${file}. Set JWT_SECRET in production.`);
  return secret;
}
