/**
 * A small leveled logger that writes one line per entry to stderr. It satisfies Bolt's Logger
 * interface so Bolt and the app share one output and one level.
 */
import { type Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";
import type { LogLevel } from "./config.js";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger extends BoltLogger {
  child(name: string): Logger;
}

export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

function format(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function createLogger(
  level: LogLevel = "info",
  sink: LogSink = stderrSink,
  name = "poc",
): Logger {
  let current: LogLevel = level;
  const write = (at: LogLevel, parts: unknown[]) => {
    if (ORDER[at] < ORDER[current]) return;
    sink(
      `${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${parts.map(format).join(" ")}`,
    );
  };
  return {
    debug: (...m: unknown[]) => write("debug", m),
    info: (...m: unknown[]) => write("info", m),
    warn: (...m: unknown[]) => write("warn", m),
    error: (...m: unknown[]) => write("error", m),
    setLevel: (l: BoltLogLevel) => {
      current = (l as string).toLowerCase() as LogLevel;
    },
    getLevel: () => current as BoltLogLevel,
    setName: (n: string) => {
      name = n;
    },
    child: (childName: string) => createLogger(current, sink, `${name}:${childName}`),
  };
}

/** For tests and the quiet demo: drops everything. */
export function silentLogger(): Logger {
  return createLogger("error", () => {});
}

export { BoltLogLevel };
