import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

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
