import { z } from 'zod';
import { defaultKnowledgeBaseDir, defaultRoutingRulesDir } from './paths.js';

/** Raised when the environment holds a setting the service cannot run with. The message is one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const databaseUrl = z
  .string()
  .refine((value) => /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value), {
    error: 'expected sqlite:<file path> or postgres://user@host:port/database',
  });

const redisUrl = z.string().refine((value) => /^rediss?:\/\/.+/.test(value), {
  error: 'expected redis://host:port[/db]',
});

/** `name=token,name=token`: who may use a bearer token. The value is never echoed in errors (it holds secrets). */
const tokenList = z.string().transform((value, ctx) => {
  const tokens = new Map<string, string>();
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9._@-]{1,64})=(\S{16,})$/.exec(pair);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'expected name=token pairs separated by commas, each token at least 16 characters' });
      return z.NEVER;
    }
    tokens.set(match[1]!, match[2]!);
  }
  return tokens;
});

/** Every setting, with the environment variable it comes from and its default for one machine. */
const environmentSchema = z.object({
  PORT: z.coerce
    .number({ error: 'expected an integer port number' })
    .int({ error: 'expected an integer port number' })
    .min(0, { error: 'expected a port between 0 and 65535' })
    .max(65535, { error: 'expected a port between 0 and 65535' })
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  DATABASE_URL: databaseUrl.default('sqlite:./data/en-indgang.sqlite'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'expected a lower-case PostgreSQL schema name' })
    .default('public'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  REDIS_AUTOSTART: booleanFlag.default(true),
  KNOWLEDGE_BASE_DIR: z.string().min(1).default(defaultKnowledgeBaseDir),
  ROUTING_RULES_DIR: z.string().min(1).default(defaultRoutingRulesDir),
  ROUTING_SCENARIO: z
    .string()
    .regex(/^[a-z0-9+,-]+$/, { error: 'expected a scenario id or a composition "variant,greb,greb+option"' })
    .optional(),
  ADMIN_TOKENS: tokenList.optional(),
  AGENT_TOKENS: tokenList.optional(),
  WORKERS: booleanFlag.default(true),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,40}$/, { error: 'expected lower-case letters, digits and -' }).default('en-indgang'),
  TRANSCRIPT_RETENTION_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().min(1, { error: 'expected at least 1 day' }).max(3650).default(30),
  INTAKE_WAIT_MS: z.coerce.number({ error: 'expected a number of milliseconds' }).int().min(0).max(60_000).default(5000),
  MODEL_CACHE_DIR: z.string().default('./data/model-cache'),
  DISPATCH_INTERVAL_MS: z.coerce.number({ error: 'expected a number of milliseconds' }).int().min(0).max(60_000).default(1000),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int()
    .positive({ error: 'expected a positive number of milliseconds' })
    .default(10_000),
});

export type Environment = z.input<typeof environmentSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly redisUrl: string;
  readonly redisAutostart: boolean;
  readonly knowledgeBaseDir: string;
  readonly routingRulesDir: string;
  readonly shutdownTimeoutMs: number;
  /** The scenario chosen at start-up; when unset, the last one an admin activated (audit log), else baseline-2024. */
  readonly routingScenario: string | undefined;
  /** Run the pipeline workers in this process (false: HTTP only; run `en-indgang worker` elsewhere). */
  readonly workers: boolean;
  readonly queuePrefix: string;
  readonly transcriptRetentionDays: number;
  readonly intakeWaitMs: number;
  /** How often offers to serviceformidlere are made; 0 turns the dispatcher off (tests drive it). */
  readonly dispatchIntervalMs: number;
  /** Where trained classifier models are kept between starts; empty: always train. */
  readonly modelCacheDir: string | undefined;
  /** Admin name → bearer token, for PUT /v1/scenarios/active. Empty: the admin API is off. */
  readonly adminTokens: ReadonlyMap<string, string>;
  /** Serviceformidler id → bearer token for the agent endpoints. Empty: those endpoints are off. */
  readonly agentTokens: ReadonlyMap<string, string>;
}

/** Settings and what they mean, for the README table and `--help`. */
export const settingDescriptions: Record<keyof z.infer<typeof environmentSchema>, string> = {
  PORT: 'HTTP port (0 picks a free one)',
  HOST: 'interface to listen on',
  LOG_LEVEL: 'pino log level',
  DATABASE_URL: 'sqlite:<path> (embedded, one node) or postgres://… (several nodes)',
  DATABASE_SCHEMA: 'PostgreSQL schema for the tables (ignored for SQLite)',
  REDIS_URL: 'Redis for queues and live state',
  REDIS_AUTOSTART: 'start a private redis-server when nothing answers on a loopback REDIS_URL',
  KNOWLEDGE_BASE_DIR: 'folder with kontaktcentre.json and the knowledge base',
  ROUTING_RULES_DIR: 'folder with the routing rules per ressort scenario',
  SHUTDOWN_TIMEOUT_MS: 'how long a graceful shutdown may take before the process exits',
  ROUTING_SCENARIO: 'ressort scenario at start-up (a file id in routing-rules/scenarios or "variant,greb,…"); unset: the last one activated, else baseline-2024',
  WORKERS: 'run the pipeline workers (classify → route → handle) in this process',
  QUEUE_PREFIX: 'prefix of the BullMQ keys in Redis',
  TRANSCRIPT_RETENTION_DAYS: "days a finished contact's messages are kept before their text is deleted",
  MODEL_CACHE_DIR: "trained classifier models kept between starts (keyed by the knowledge base, settings and code); 'off' to always train",
  DISPATCH_INTERVAL_MS: 'how often waiting contacts are offered to serviceformidlere (0: off)',
  INTAKE_WAIT_MS: 'how long POST /v1/henvendelser waits for the decision before answering 202',
  AGENT_TOKENS: 'serviceformidlere for the agent endpoints (presence, offers, transfer, close, queues): id=token pairs; unset: off',
  ADMIN_TOKENS: 'admins who may switch the scenario: name=token pairs, comma-separated (tokens ≥ 16 characters); unset: admin API off',
};

/**
 * Reads the configuration from environment variables. Empty strings count as unset, so that
 * `PORT= npm start` means "the default" rather than an error.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present: Record<string, string> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();
  }
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const got = variable === 'ADMIN_TOKENS' || variable === 'AGENT_TOKENS' ? undefined : present[variable];
    throw new ConfigError(
      `Invalid configuration: ${variable}: ${issue?.message ?? 'is invalid'}` +
        (got === undefined ? '' : ` (got ${JSON.stringify(redactUrlPassword(got))})`),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    redisUrl: e.REDIS_URL,
    redisAutostart: e.REDIS_AUTOSTART,
    knowledgeBaseDir: e.KNOWLEDGE_BASE_DIR,
    routingRulesDir: e.ROUTING_RULES_DIR,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    routingScenario: e.ROUTING_SCENARIO,
    adminTokens: e.ADMIN_TOKENS ?? new Map(),
    agentTokens: e.AGENT_TOKENS ?? new Map(),
    workers: e.WORKERS,
    queuePrefix: e.QUEUE_PREFIX,
    transcriptRetentionDays: e.TRANSCRIPT_RETENTION_DAYS,
    intakeWaitMs: e.INTAKE_WAIT_MS,
    dispatchIntervalMs: e.DISPATCH_INTERVAL_MS,
    modelCacheDir: e.MODEL_CACHE_DIR === '' || e.MODEL_CACHE_DIR === 'off' ? undefined : e.MODEL_CACHE_DIR,
  };
}

/** Hides the password of a URL, so that configuration errors and logs never print a secret. */
export function redactUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
