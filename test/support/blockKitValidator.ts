/**
 * Block Kit validation for tests and the emulator, against the vendored JSON Schema
 * (test/fixtures/schemas/slack-block-kit.schema.json, draft 2020-12).
 *
 * The schema's root validates a message's `blocks` array; `$defs/modal_view` and `$defs/home_view`
 * validate views. Its `block` definition is a oneOf over every block type, which makes Ajv report
 * every branch's complaint for one bad block; so each block is checked against the definition for
 * its own `type` instead, giving one precise message. Errors read like Slack's:
 * `<what is wrong> [json-pointer:/blocks/0/text]`.
 *
 * Limits the schema does not enforce (it allows 100 blocks anywhere) are checked here: 50 blocks
 * per message, 100 per view, at most 2 data_visualization blocks and 1 table per message.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { BlocksValidator } from "../../src/emulator/index.js";

// Both packages are CommonJS that also set `exports.default`; under NodeNext a default import of
// CommonJS is the whole `module.exports`, so the class and the plugin are its `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const SCHEMA_PATH = fileURLToPath(
  new URL("../fixtures/schemas/slack-block-kit.schema.json", import.meta.url),
);

const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const MAX_CHARTS_PER_MESSAGE = 2;
const MAX_TABLES_PER_MESSAGE = 1;

interface Schema {
  $id: string;
  $defs: Record<string, { oneOf?: { $ref: string }[]; properties?: { type?: { const?: string } } }>;
}

interface Compiled {
  blocksByType: Map<string, ValidateFunction>;
  views: Record<"modal" | "home", ValidateFunction>;
}

let compiled: Compiled | undefined;

/** Compiling the 68 kB schema takes a moment: do it once per process. */
function compile(): Compiled {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Schema;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(schema);
  const ref = (def: string): ValidateFunction => {
    const validate = ajv.getSchema(`${schema.$id}#/$defs/${def}`);
    if (!validate) throw new Error(`block kit schema has no $defs/${def}`);
    return validate;
  };
  // Map each block type ("section", "header", ...) to its own definition, read from the schema's
  // `block` union so new block types in a schema update are picked up without code changes.
  const blocksByType = new Map<string, ValidateFunction>();
  for (const branch of schema.$defs.block?.oneOf ?? []) {
    const def = branch.$ref.replace("#/$defs/", "");
    const type = schema.$defs[def]?.properties?.type?.const;
    if (type) blocksByType.set(type, ref(def));
  }
  compiled = { blocksByType, views: { modal: ref("modal_view"), home: ref("home_view") } };
  return compiled;
}

function describe(error: ErrorObject, prefix: string): string {
  let message = error.message ?? "is invalid";
  if (error.keyword === "additionalProperties") {
    message = `invalid additional property: ${String(error.params.additionalProperty)}`;
  } else if (error.keyword === "const" || error.keyword === "enum") {
    const allowed = error.params.allowedValue ?? error.params.allowedValues;
    message = `${message}: ${JSON.stringify(allowed)}`;
  }
  return `${message} [json-pointer:${prefix}${error.instancePath}]`;
}

/** A `type` mismatch inside an anyOf/oneOf branch: usually just "this was the other branch". */
function isBranchTypeMismatch(error: ErrorObject): boolean {
  return error.keyword === "const" && error.instancePath.endsWith("/type");
}

/**
 * Ajv reports every failing anyOf/oneOf branch plus the combinator itself. Keep the precise lines:
 * drop combinator lines, and drop "type must be X" for an object that has other, more telling
 * errors (a too-long plain_text should not also read as "type must be mrkdwn").
 */
function readable(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  const list = errors ?? [];
  const precise = list.filter((e) => !["anyOf", "oneOf", "allOf", "if"].includes(e.keyword));
  const telling = precise.filter((e) => {
    if (!isBranchTypeMismatch(e)) return true;
    const object = e.instancePath.slice(0, -"/type".length);
    return !precise.some(
      (other) => !isBranchTypeMismatch(other) && other.instancePath.startsWith(object),
    );
  });
  const chosen = telling.length > 0 ? telling : list;
  return [...new Set(chosen.map((e) => describe(e, prefix)))];
}

function blockErrors(blocks: unknown[], pointer: string): string[] {
  const { blocksByType } = compile();
  const errors: string[] = [];
  blocks.forEach((block, index) => {
    const at = `${pointer}/${index}`;
    const type = (block as { type?: unknown } | null)?.type;
    if (!block || typeof block !== "object" || typeof type !== "string") {
      errors.push(`block must be an object with a string type [json-pointer:${at}]`);
      return;
    }
    const validate = blocksByType.get(type);
    if (!validate) {
      errors.push(`unknown block type: ${type} [json-pointer:${at}/type]`);
      return;
    }
    if (!validate(block)) errors.push(...readable(validate.errors, at));
  });
  return errors;
}

function countOf(blocks: unknown[], type: string): number {
  return blocks.filter((b) => (b as { type?: unknown } | null)?.type === type).length;
}

function messageErrors(blocks: unknown[]): string[] {
  const errors: string[] = [];
  if (blocks.length === 0) errors.push("no blocks [json-pointer:/blocks]");
  if (blocks.length > MAX_MESSAGE_BLOCKS) {
    errors.push(
      `too many blocks: ${blocks.length}, at most ${MAX_MESSAGE_BLOCKS} per message [json-pointer:/blocks]`,
    );
  }
  if (countOf(blocks, "data_visualization") > MAX_CHARTS_PER_MESSAGE) {
    errors.push(
      `at most ${MAX_CHARTS_PER_MESSAGE} data_visualization blocks per message [json-pointer:/blocks]`,
    );
  }
  if (countOf(blocks, "table") > MAX_TABLES_PER_MESSAGE) {
    errors.push(`at most ${MAX_TABLES_PER_MESSAGE} table block per message [json-pointer:/blocks]`);
  }
  return [...errors, ...blockErrors(blocks, "/blocks")];
}

function viewErrors(view: Record<string, unknown>): string[] {
  const { views } = compile();
  const type = view.type;
  if (type !== "modal" && type !== "home") {
    return [`view type must be "modal" or "home" [json-pointer:/view/type]`];
  }
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const errors: string[] = [];
  if (blocks.length > MAX_VIEW_BLOCKS) {
    errors.push(
      `too many blocks: ${blocks.length}, at most ${MAX_VIEW_BLOCKS} per view [json-pointer:/view/blocks]`,
    );
  }
  const validate = views[type];
  if (!validate(view)) {
    // Errors inside a block are reported precisely by blockErrors below; keep the view-level ones.
    const outside = (validate.errors ?? []).filter((e) => !/^\/blocks\/\d+/.test(e.instancePath));
    errors.push(...readable(outside, "/view"));
  }
  return [...new Set([...errors, ...blockErrors(blocks, "/view/blocks")])];
}

export function createBlockKitValidator(): BlocksValidator {
  compile();
  return (kind, payload) => {
    if (kind === "message") {
      return Array.isArray(payload)
        ? messageErrors(payload)
        : ["blocks must be an array [json-pointer:/blocks]"];
    }
    return Array.isArray(payload)
      ? ["view must be an object [json-pointer:/view]"]
      : viewErrors(payload);
  };
}
