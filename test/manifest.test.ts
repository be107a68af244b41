import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMAND } from "../src/slack/ids.js";

const addFormats = addFormatsModule.default;
const root = new URL("../", import.meta.url);
const manifest = parse(readFileSync(new URL("manifest.yml", root), "utf8"));
const schema = JSON.parse(
  readFileSync(new URL("test/fixtures/schemas/slack-app-manifest.schema.json", root), "utf8"),
);

describe("manifest.yml", () => {
  it("validates against Slack's app manifest schema", () => {
    // strict: false because Slack's schema uses a non-standard `regex` keyword.
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("a manifest that breaks the schema is rejected (the check can fail)", () => {
    const ajv = addFormats(new Ajv({ strict: false }));
    const broken = { ...manifest, display_information: { name: "" } };
    expect(ajv.validate(schema, broken)).toBe(false);
  });

  it("declares /poc, interactivity, the Home tab, Socket Mode, and exactly the documented scopes and events", () => {
    const commands = manifest.features.slash_commands.map((c: { command: string }) => c.command);
    expect(commands).toEqual([COMMAND]);
    expect(manifest.features.slash_commands[0].usage_hint).toContain("help");
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        "channels:history",
        "channels:read",
        "chat:write",
        "commands",
        "groups:history",
        "groups:read",
        "im:history",
        "im:write",
        "users:read",
      ].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      ["app_home_opened", "app_uninstalled", "tokens_revoked", "user_change"].sort(),
    );
  });
});
