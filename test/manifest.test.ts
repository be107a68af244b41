import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scopesOf } from "../src/emulator/scopes.js";
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
        "files:write",
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

/** Web API calls `@slack/web-api` makes for one of its helpers. */
const HELPERS: Record<string, readonly string[]> = {
  "files.uploadV2": ["files.getUploadURLExternal", "files.completeUploadExternal"],
};

/**
 * Every Web API method the app's code calls (src/ but the emulator): `client.<area>.<method>(`,
 * spaces and line breaks allowed between the parts, helpers expanded to the calls they make.
 */
function methodsCalledBy(dir: URL): Set<string> {
  const found = new Set<string>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "emulator") walk(full);
      } else if (entry.name.endsWith(".ts")) {
        const code = readFileSync(full, "utf8");
        for (const m of code.matchAll(/\bclient\s*\.\s*([a-z]+)\s*\.\s*([A-Za-z0-9]+)\s*\(/g)) {
          const method = `${m[1]}.${m[2]}`;
          for (const call of HELPERS[method] ?? [method]) found.add(call);
        }
      }
    }
  };
  walk(dir.pathname);
  return found;
}

/** The methods whose scopes `granted` lacks, with the scope each needs. */
function unscoped(methods: Iterable<string>, granted: readonly string[]): string[] {
  const problems: string[] = [];
  for (const method of methods) {
    const scopes = scopesOf(method);
    if (scopes === undefined) {
      problems.push(`${method}: not in src/emulator/scopes.ts (add its required scopes there)`);
      continue;
    }
    for (const scope of scopes) {
      if (!granted.includes(scope)) problems.push(`${method} needs ${scope}`);
    }
  }
  return problems;
}

describe("the manifest's scopes against the code", () => {
  const methods = methodsCalledBy(new URL("src/", root));

  it("finds the code's Web API calls, helpers expanded", () => {
    expect([...methods].sort()).toEqual(
      expect.arrayContaining([
        "chat.postMessage",
        "chat.update",
        "conversations.history",
        "conversations.open",
        "files.completeUploadExternal",
        "files.getUploadURLExternal",
        "users.info",
        "views.open",
        "views.publish",
      ]),
    );
  });

  it("grants every scope each of those methods needs", () => {
    expect(unscoped(methods, manifest.oauth_config.scopes.bot)).toEqual([]);
  });

  it("would catch a manifest without files:write (the check can fail)", () => {
    const without = manifest.oauth_config.scopes.bot.filter((s: string) => s !== "files:write");
    expect(unscoped(methods, without)).toEqual([
      "files.getUploadURLExternal needs files:write",
      "files.completeUploadExternal needs files:write",
    ]);
  });
});
