import { z } from 'zod';
import { DEFAULT_GRAPH_VERSION } from './meta-facts/api-versions.ts';
import { KeyConfigError, parseKeys } from './vault/keys.ts';

/** The only reader of process.env. Units are in the names. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly tokenEncryptionKeys: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Demo mode: no Meta app configured, so the local emulator plays Meta. */
  readonly demoMode: boolean;
  readonly meta: {
    readonly appId: string | undefined;
    readonly appSecret: string | undefined;
    readonly graphUrl: string;
    readonly dialogUrl: string;
    readonly graphVersion: string;
    readonly connectTimeoutMs: number;
    readonly requestTimeoutMs: number;
    /** The verify token Meta's webhook handshake must carry (never logged); demo mode makes its own in DATA_DIR. */
    readonly webhookVerifyToken: string | undefined;
    /** META_LOGIN_CONFIG_ID: a Facebook Login for Business user configuration; Connect Meta Account sends it instead of `scope`. */
    readonly loginConfigId: string | undefined;
    /** META_BUSINESS_CONFIG_ID: a system-user configuration; admins get Connect a business. */
    readonly businessConfigId: string | undefined;
  };
  readonly emulatorPort: number;
  readonly jobs: {
    /** Cron for the twice-daily token jobs (refresh, permission sync). */
    readonly tokenJobsCron: string;
    readonly insightsSyncCron: string;
    readonly scheduleTimeZone: string;
    readonly workerConcurrency: number;
    /** `wevion worker` serves /healthz, /readyz and /metrics on this port when set. */
    readonly workerMetricsPort: number | undefined;
  };
  readonly refreshWindowDays: number;
  readonly shutdownTimeoutMs: number;
  readonly sessionTtlHours: number;
  readonly loginAttemptsPerWindow: number;
  readonly loginWindowMinutes: number;
  /** Alert channels outside the app. SMTP_URL may hold a password: never log it. */
  readonly alerts: {
    /** smtp:// or smtps:// URL; unset = no SMTP (demo mode still writes the outbox). */
    readonly smtpUrl: string | undefined;
    readonly mailFrom: string;
    /** The Telegram Bot API base URL (tests point it at a local fake). */
    readonly telegramApiUrl: string;
    /** Who is emailed when Meta refuses the app itself (needs SMTP_URL). */
    readonly operatorEmails: readonly string[];
  };
  /** Token checkouts for services that call Meta themselves. */
  readonly checkout: {
    /** The longest a checkout is valid for (a token expiring sooner bounds it). */
    readonly ttlSeconds: number;
    /** Checkouts per API key a minute (bursts of up to that many), one budget for every web process. */
    readonly perMinute: number;
  };
  readonly webhooks: {
    /** Retries after the first attempt (pg-boss retryLimit); then the delivery is `failed`. */
    readonly retryLimit: number;
    /** First retry delay; pg-boss doubles it (with jitter) on every further retry. */
    readonly retryDelaySeconds: number;
    readonly timeoutMs: number;
    /** Deliveries may connect to loopback/private/link-local addresses (default: refused). */
    readonly allowPrivateTargets: boolean;
  };
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));

const cronExpression = z
  .string()
  .regex(/^\s*(\S+\s+){4}\S+\s*$/, 'must be a 5-field cron expression, e.g. "0 */12 * * *"');

const schema = z.object({
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: httpUrl.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  TOKEN_ENCRYPTION_KEYS: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  META_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric id of your Meta app').optional(),
  META_APP_SECRET: z.string().min(16, 'must be the app secret from the Meta app dashboard').optional(),
  META_GRAPH_URL: httpUrl.default('https://graph.facebook.com'),
  META_DIALOG_URL: httpUrl.default('https://www.facebook.com'),
  META_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, `must look like ${DEFAULT_GRAPH_VERSION}`).default(DEFAULT_GRAPH_VERSION),
  META_WEBHOOK_VERIFY_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 16`): Meta sends it back in the webhook handshake')
    .max(512)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  META_LOGIN_CONFIG_ID: z.string().regex(/^\d+$/, 'must be the numeric id of a configuration of your app (App Dashboard → Facebook Login for Business → Configurations)').optional(),
  META_BUSINESS_CONFIG_ID: z.string().regex(/^\d+$/, 'must be the numeric id of a System-user access token configuration of your app (App Dashboard → Facebook Login for Business → Configurations)').optional(),
  GRAPH_CONNECT_TIMEOUT_MS: integer(100, 120_000).default(5_000),
  GRAPH_REQUEST_TIMEOUT_MS: integer(100, 600_000).default(30_000),
  EMULATOR_PORT: integer(0, 65535).default(4100),
  TOKEN_JOBS_CRON: cronExpression.default('0 */12 * * *'),
  INSIGHTS_SYNC_CRON: cronExpression.default('0 * * * *'),
  SCHEDULE_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Rome')
    .default('UTC'),
  WORKER_CONCURRENCY: integer(1, 100).default(4),
  WORKER_METRICS_PORT: integer(0, 65535).optional(),
  REFRESH_WINDOW_DAYS: integer(1, 59).default(7),
  SHUTDOWN_TIMEOUT_MS: integer(100, 60_000).default(8_000),
  SESSION_TTL_HOURS: integer(1, 24 * 90).default(24 * 7),
  LOGIN_ATTEMPTS_PER_WINDOW: integer(1, 1000).default(10),
  LOGIN_WINDOW_MINUTES: integer(1, 1440).default(15),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^/\s]+/, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465').optional(),
  MAIL_FROM: z.string().trim().regex(/^[^\r\n]*@[^\r\n]+$/, 'must be an address, e.g. "Wevion <alerts@example.com>"').default('Wevion Token Health <alerts@wevion.invalid>'),
  TELEGRAM_API_URL: httpUrl.default('https://api.telegram.org'),
  OPERATOR_EMAILS: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .refine((list) => list.every((address) => /^[^\s@,]+@[^\s@,]+$/.test(address)), 'must be a comma-separated list of email addresses')
    .optional(),
  CHECKOUT_TTL_SECONDS: integer(60, 86_400).default(900),
  CHECKOUTS_PER_MINUTE: integer(1, 1_000_000).default(600),
  WEBHOOK_RETRY_LIMIT: integer(0, 20).default(8),
  WEBHOOK_RETRY_DELAY_SECONDS: integer(1, 3600).default(30),
  WEBHOOK_TIMEOUT_MS: integer(100, 60_000).default(10_000),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
});

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Parses the environment once. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  const demoMode = e.META_APP_ID === undefined;
  if (!demoMode && !e.META_APP_SECRET) throw new ConfigError('META_APP_SECRET: required when META_APP_ID is set');
  if (!demoMode && !e.PUBLIC_URL) throw new ConfigError('PUBLIC_URL: required when META_APP_ID is set (it builds the OAuth redirect URI)');
  if (e.DATABASE_URL && !e.TOKEN_ENCRYPTION_KEYS) {
    throw new ConfigError('TOKEN_ENCRYPTION_KEYS: required with DATABASE_URL (format kid:base64key,…; newest first)');
  }
  // Checked here, like every other variable, so a malformed list or a duplicate key id stops any
  // command at once with exit code 2, not a process half-way through starting.
  if (e.TOKEN_ENCRYPTION_KEYS) {
    try {
      parseKeys(e.TOKEN_ENCRYPTION_KEYS);
    } catch (error) {
      if (error instanceof KeyConfigError) throw new ConfigError(error.message);
      throw error;
    }
  }
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    logLevel: e.LOG_LEVEL,
    demoMode,
    meta: {
      appId: e.META_APP_ID,
      appSecret: e.META_APP_SECRET,
      graphUrl: e.META_GRAPH_URL,
      dialogUrl: e.META_DIALOG_URL,
      graphVersion: e.META_GRAPH_VERSION,
      connectTimeoutMs: e.GRAPH_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: e.GRAPH_REQUEST_TIMEOUT_MS,
      webhookVerifyToken: e.META_WEBHOOK_VERIFY_TOKEN,
      loginConfigId: e.META_LOGIN_CONFIG_ID,
      businessConfigId: e.META_BUSINESS_CONFIG_ID,
    },
    emulatorPort: e.EMULATOR_PORT,
    jobs: {
      tokenJobsCron: e.TOKEN_JOBS_CRON.trim(),
      insightsSyncCron: e.INSIGHTS_SYNC_CRON.trim(),
      scheduleTimeZone: e.SCHEDULE_TIME_ZONE,
      workerConcurrency: e.WORKER_CONCURRENCY,
      workerMetricsPort: e.WORKER_METRICS_PORT,
    },
    refreshWindowDays: e.REFRESH_WINDOW_DAYS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginAttemptsPerWindow: e.LOGIN_ATTEMPTS_PER_WINDOW,
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    alerts: { smtpUrl: e.SMTP_URL, mailFrom: e.MAIL_FROM, telegramApiUrl: e.TELEGRAM_API_URL, operatorEmails: e.OPERATOR_EMAILS ?? [] },
    checkout: { ttlSeconds: e.CHECKOUT_TTL_SECONDS, perMinute: e.CHECKOUTS_PER_MINUTE },
    webhooks: { retryLimit: e.WEBHOOK_RETRY_LIMIT, retryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS, timeoutMs: e.WEBHOOK_TIMEOUT_MS, allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true' },
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (inner && typeof inner === 'object') deepFreeze(inner as object);
  }
  return Object.freeze(value);
}
