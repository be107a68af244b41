import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const root = new URL("../", import.meta.url).pathname;

/**
 * `.env.example` copied to `.env` with only `fill` filled in, then loaded the way README says
 * (`set -a; . ./.env; set +a`) by a real shell: the environment the app would start with.
 */
function envFromExample(fill: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "poc-env-"));
  try {
    const lines = readFileSync(join(root, ".env.example"), "utf8")
      .split("\n")
      .map((line) => {
        const name = /^([A-Z_]+)=/.exec(line)?.[1];
        return name !== undefined && fill[name] !== undefined ? `${name}=${fill[name]}` : line;
      });
    writeFileSync(join(dir, ".env"), lines.join("\n"));
    const printed = execFileSync("sh", ["-c", "set -a; . ./.env; set +a; env -0"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
    }).toString("utf8");
    const names = new Set(
      readFileSync(join(root, ".env.example"), "utf8").match(/^[A-Z_]+(?==)/gm),
    );
    return Object.fromEntries(
      printed
        .split("\0")
        .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)])
        .filter(([name]) => names.has(name ?? "")),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const valid = {
  SLACK_BOT_TOKEN: "xoxb-123-456-abc",
  SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
};

function errorOf(env: Record<string, string>, needs: "app" | "database" = "app"): ConfigError {
  try {
    loadConfig(env, needs);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("when only the Slack variables are set, then every other value takes its documented default", () => {
    const config = loadConfig(valid, "app");
    expect(config).toEqual({
      slack: {
        botToken: valid.SLACK_BOT_TOKEN,
        signingSecret: valid.SLACK_SIGNING_SECRET,
        appToken: undefined,
        socketMode: false,
        apiUrl: "https://slack.com/api/",
      },
      port: 3000,
      databasePath: "data/poc.sqlite",
      scheduler: "on",
      logLevel: "info",
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.slack)).toBe(true);
  });

  it("when every variable is set, then each is parsed into its typed field", () => {
    const config = loadConfig(
      {
        ...valid,
        SLACK_APP_TOKEN: "xapp-1-A0-123-abc",
        SLACK_API_URL: "http://127.0.0.1:4000/api",
        PORT: "0",
        DATABASE_PATH: "/tmp/x/poc.sqlite",
        SCHEDULER: "off",
        LOG_LEVEL: "debug",
      },
      "app",
    );
    expect(config.slack.socketMode).toBe(true);
    expect(config.slack.appToken).toBe("xapp-1-A0-123-abc");
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:4000/api/");
    expect(config.port).toBe(0);
    expect(config.databasePath).toBe("/tmp/x/poc.sqlite");
    expect(config.scheduler).toBe("off");
    expect(config.logLevel).toBe("debug");
  });

  it("when the app runs in Socket Mode, then no signing secret is needed", () => {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: valid.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: "xapp-1-x" },
      "app",
    );
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it("when the app runs in Socket Mode and SLACK_SIGNING_SECRET holds anything, then it is not read", () => {
    const config = loadConfig(
      {
        SLACK_BOT_TOKEN: valid.SLACK_BOT_TOKEN,
        SLACK_APP_TOKEN: "xapp-1-x",
        SLACK_SIGNING_SECRET: "your-signing-secret",
      },
      "app",
    );
    expect(config.slack.socketMode).toBe(true);
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it("when .env.example is copied with only the two Socket Mode tokens filled in, then the app's config loads in Socket Mode with the documented defaults", () => {
    const env = envFromExample({
      SLACK_BOT_TOKEN: "xoxb-123-456-abc",
      SLACK_APP_TOKEN: "xapp-1-A0-123-abc",
    });
    expect(Object.keys(env).sort()).toEqual([
      "DATABASE_PATH",
      "LOG_LEVEL",
      "PORT",
      "SCHEDULER",
      "SLACK_API_URL",
      "SLACK_APP_TOKEN",
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
    ]);
    const config = loadConfig(env, "app");
    expect(config.slack).toEqual({
      botToken: "xoxb-123-456-abc",
      signingSecret: undefined,
      appToken: "xapp-1-A0-123-abc",
      socketMode: true,
      apiUrl: "https://slack.com/api/",
    });
    expect(config).toMatchObject({ port: 3000, databasePath: "data/poc.sqlite", scheduler: "on" });
  });

  it("when .env.example is copied with the bot token and signing secret filled in, then the app's config loads in HTTP mode", () => {
    const env = envFromExample({
      SLACK_BOT_TOKEN: "xoxb-123-456-abc",
      SLACK_SIGNING_SECRET: valid.SLACK_SIGNING_SECRET,
    });
    const config = loadConfig(env, "app");
    expect(config.slack.socketMode).toBe(false);
    expect(config.slack.signingSecret).toBe(valid.SLACK_SIGNING_SECRET);
  });

  it("when .env.example is copied unfilled, then start-up names the bot token first", () => {
    expect(errorOf(envFromExample({})).variable).toBe("SLACK_BOT_TOKEN");
  });

  it("when a CLI command only needs the database, then no Slack variable is required", () => {
    expect(loadConfig({ DATABASE_PATH: "d.sqlite" }).databasePath).toBe("d.sqlite");
  });

  it("when a variable is set to an empty string, then it counts as unset", () => {
    expect(loadConfig({ ...valid, PORT: "", SCHEDULER: "" }, "app").port).toBe(3000);
  });

  it.each([
    ["SLACK_BOT_TOKEN", {}, /SLACK_BOT_TOKEN: is required.*xoxb-/],
    [
      "SLACK_BOT_TOKEN",
      { SLACK_BOT_TOKEN: "xoxp-user-token" },
      /SLACK_BOT_TOKEN: expected a bot token starting with "xoxb-"/,
    ],
    [
      "SLACK_SIGNING_SECRET",
      { SLACK_BOT_TOKEN: valid.SLACK_BOT_TOKEN },
      /SLACK_SIGNING_SECRET: is required in HTTP mode/,
    ],
    [
      "SLACK_SIGNING_SECRET",
      { ...valid, SLACK_SIGNING_SECRET: "short" },
      /SLACK_SIGNING_SECRET: expected the app's signing secret/,
    ],
    [
      "SLACK_APP_TOKEN",
      { ...valid, SLACK_APP_TOKEN: "xoxb-not-app" },
      /SLACK_APP_TOKEN: expected an app-level token starting with "xapp-"/,
    ],
    [
      "SLACK_API_URL",
      { ...valid, SLACK_API_URL: "not a url" },
      /SLACK_API_URL: expected an http\(s\) URL/,
    ],
    [
      "SLACK_API_URL",
      { ...valid, SLACK_API_URL: "ftp://x/api/" },
      /SLACK_API_URL: expected an http\(s\) URL/,
    ],
    ["PORT", { ...valid, PORT: "eighty" }, /PORT: expected a port number from 0 to 65535/],
    ["PORT", { ...valid, PORT: "70000" }, /PORT: expected a port number from 0 to 65535/],
    ["DATABASE_PATH", { ...valid, DATABASE_PATH: "   " }, /DATABASE_PATH: expected a file path/],
    ["SCHEDULER", { ...valid, SCHEDULER: "sometimes" }, /SCHEDULER: expected "on" or "off"/],
    [
      "LOG_LEVEL",
      { ...valid, LOG_LEVEL: "loud" },
      /LOG_LEVEL: expected one of debug, info, warn, error/,
    ],
  ])(
    "when %s is missing or malformed (%j), then start-up stops with one line naming it",
    (variable, env, message) => {
      const error = errorOf(env as Record<string, string>);
      expect(error.variable).toBe(variable);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain("\n");
    },
  );
});
