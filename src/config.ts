/**
 * The only reader of process.env. Every variable in the contract is parsed once with zod into a
 * frozen, typed, camelCase object. A missing or malformed value becomes a ConfigError whose message
 * is one line naming the variable and what it expects; main.ts prints it and exits 1.
 */
import { z } from "zod";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

/** Empty strings count as unset, as they do in most shells' `VAR= cmd`. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const botToken = z
  .string()
  .regex(/^xoxb-[A-Za-z0-9-]+$/, 'expected a bot token starting with "xoxb-"');
const appToken = z
  .string()
  .regex(/^xapp-[A-Za-z0-9-]+$/, 'expected an app-level token starting with "xapp-"');
const signingSecret = z
  .string()
  .regex(
    /^[A-Za-z0-9]{8,}$/,
    "expected the app's signing secret (letters and digits, from Basic Information)",
  );
const apiUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
    message: 'expected an http(s) URL such as "https://slack.com/api/"',
  })
  .transform((v) => (v.endsWith("/") ? v : `${v}/`));
const port = z
  .string()
  .regex(/^\d{1,5}$/, "expected a port number from 0 to 65535")
  .transform(Number)
  .refine((n) => n <= 65535, "expected a port number from 0 to 65535");
const databasePath = z
  .string()
  .refine((v) => v.trim() !== "", "expected a file path such as data/poc.sqlite");
const scheduler = z.enum(["on", "off"], { message: 'expected "on" or "off"' });
const logLevel = z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(", ")}` });

const schema = z.object({
  SLACK_BOT_TOKEN: optional(botToken),
  // Checked below, and only in HTTP mode: Socket Mode never reads it, so `.env.example`'s blank
  // (or any leftover value) must not stop a Socket Mode start.
  SLACK_SIGNING_SECRET: optional(z.string()),
  SLACK_APP_TOKEN: optional(appToken),
  SLACK_API_URL: optional(apiUrl),
  PORT: optional(port),
  DATABASE_PATH: optional(databasePath),
  SCHEDULER: optional(scheduler),
  LOG_LEVEL: optional(logLevel),
});

export interface SlackConfig {
  readonly botToken: string;
  /** Undefined in Socket Mode, where Slack does not sign requests to us. */
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly socketMode: boolean;
  readonly apiUrl: string;
}

export interface Config {
  readonly slack: SlackConfig | undefined;
  readonly port: number;
  readonly databasePath: string;
  readonly scheduler: "on" | "off";
  readonly logLevel: LogLevel;
}

export interface AppConfig extends Config {
  readonly slack: SlackConfig;
}

/**
 * Which parts of the config a command needs: the bot needs Slack and (in HTTP mode) the signing
 * secret; `poc tick` sends to Slack but receives nothing, so it needs only the token;
 * `poc migrate` needs neither.
 */
export type ConfigNeeds = "app" | "slack" | "database";

export function loadConfig(env: NodeJS.ProcessEnv, needs: "app" | "slack"): AppConfig;
export function loadConfig(env: NodeJS.ProcessEnv, needs?: ConfigNeeds): Config;
export function loadConfig(env: NodeJS.ProcessEnv, needs: ConfigNeeds = "database"): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, issue?.message ?? "invalid value");
  }
  const e = parsed.data;
  const socketMode = e.SLACK_APP_TOKEN !== undefined;
  const secret = socketMode ? undefined : e.SLACK_SIGNING_SECRET;
  if (secret !== undefined) {
    const checked = signingSecret.safeParse(secret);
    if (!checked.success) {
      throw new ConfigError(
        "SLACK_SIGNING_SECRET",
        checked.error.issues[0]?.message ?? "invalid value",
      );
    }
  }
  let slack: SlackConfig | undefined;
  if (needs === "app" || needs === "slack") {
    if (e.SLACK_BOT_TOKEN === undefined) {
      throw new ConfigError(
        "SLACK_BOT_TOKEN",
        'is required: the bot token starting with "xoxb-" (Slack app settings > OAuth & Permissions)',
      );
    }
    if (needs === "app" && !socketMode && secret === undefined) {
      throw new ConfigError(
        "SLACK_SIGNING_SECRET",
        "is required in HTTP mode: the signing secret from Basic Information (or set SLACK_APP_TOKEN for Socket Mode)",
      );
    }
  }
  if (e.SLACK_BOT_TOKEN !== undefined) {
    slack = Object.freeze({
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: secret,
      appToken: e.SLACK_APP_TOKEN,
      socketMode,
      apiUrl: e.SLACK_API_URL ?? DEFAULT_SLACK_API_URL,
    });
  }
  return Object.freeze({
    slack,
    port: e.PORT ?? 3000,
    databasePath: e.DATABASE_PATH ?? "data/poc.sqlite",
    scheduler: e.SCHEDULER ?? "on",
    logLevel: e.LOG_LEVEL ?? "info",
  });
}

/** The process's own environment (or one given, e.g. by the demo): what main.ts and the CLI use. */
export function readConfig(needs: "app" | "slack", env?: NodeJS.ProcessEnv): AppConfig;
export function readConfig(needs?: ConfigNeeds, env?: NodeJS.ProcessEnv): Config;
export function readConfig(needs: ConfigNeeds = "database", env?: NodeJS.ProcessEnv): Config {
  return loadConfig(env ?? process.env, needs);
}
