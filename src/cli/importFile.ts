/**
 * The YAML side of `poc import`: parse the file keeping every node's position, hand the data to
 * the importer service, and turn each problem's path back into the line and column of the value
 * it is about, like a compiler does: `partnership.yml:12:5: commitments[2].owner: ...`.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import type {
  ImportChange,
  ImporterService,
  ImportKind,
  ImportPath,
  ImportReport,
} from "../services/importer.js";

/** Larger than any real partnership; keeps a wrong file (a database dump) from being parsed. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface LocatedProblem extends Position {
  /** `commitments[2].owner`; empty for the file as a whole or a YAML syntax error. */
  readonly path: string;
  readonly message: string;
}

export type YamlResult =
  | { readonly ok: true; readonly data: unknown; locate(path: ImportPath): Position }
  | { readonly ok: false; readonly problems: readonly LocatedProblem[] };

/** `["commitments", 2, "owner"]` -> `commitments[2].owner`. */
export function formatPath(path: ImportPath): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
}

/**
 * The position of the node a path names: a mapping entry's key (where the eye looks for it), a
 * list item itself. A path into something the file lacks (a missing key) stops at the deepest
 * node that exists, so a "required" problem points at the mapping that should hold it.
 */
export function locate(doc: Document, lines: LineCounter, path: ImportPath): Position {
  let node: unknown = doc.contents;
  let at: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part),
      );
      if (pair === undefined) break;
      at = (pair.key as Node).range?.[0] ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      const item = node.items[part];
      if (item === undefined || item === null) break;
      node = item;
      at = (item as Node).range?.[0] ?? at;
    } else {
      break;
    }
  }
  return lines.linePos(at ?? 0);
}

/**
 * YAML notices an unclosed quote where the text ends; the fix is where the quote opened, which is
 * the last such quote before that point (an unclosed string holds no unescaped quote of its kind).
 */
function syntaxErrorOffset(text: string, code: string, message: string, at: number): number {
  const quote = code === "MISSING_CHAR" ? /closing (["'])quote/.exec(message)?.[1] : undefined;
  if (quote === undefined) return at;
  const opened = text.lastIndexOf(quote, at - 1);
  return opened === -1 ? at : opened;
}

/** Parses the text as one YAML document; syntax errors come back with their line and column. */
export function parseYaml(text: string): YamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        ...lines.linePos(syntaxErrorOffset(text, error.code, error.message, error.pos[0])),
        path: "",
        message: `invalid YAML: ${error.message.split("\n")[0]}`,
      })),
    };
  }
  return {
    ok: true,
    data: doc.toJS({ maxAliasCount: 1000 }),
    locate: (path) => locate(doc, lines, path),
  };
}

export function formatProblem(fileName: string, problem: LocatedProblem): string {
  const where = problem.path === "" ? "" : `${problem.path}: `;
  return `${fileName}:${problem.line}:${problem.col}: ${where}${problem.message}`;
}

const SUMMARY: readonly [ImportKind, string][] = [
  ["workspace", "workspace"],
  ["partnership", "partnership"],
  ["organization", "organizations"],
  ["member", "members"],
  ["objective", "objectives"],
  ["commitment", "commitments"],
];

/** One line per change; names are JSON-quoted so no control character reaches the terminal. */
export function formatChange(change: ImportChange, dryRun: boolean): string {
  const verb =
    change.action === "create"
      ? dryRun
        ? "would create"
        : "created"
      : dryRun
        ? "would update"
        : "updated";
  const owner = change.owner === undefined ? "" : ` owned by ${change.owner}`;
  const channel = change.channel === undefined ? "" : ` in channel ${change.channel}`;
  const fields = change.fields.length === 0 ? "" : `: ${change.fields.join(", ")}`;
  return `  ${verb} ${change.kind} ${JSON.stringify(change.name)}${channel}${owner}${fields}`;
}

export function formatReport(fileName: string, report: ImportReport): string[] {
  return [
    `${fileName}: ${report.dryRun ? "dry run, nothing written" : "imported"}`,
    ...report.changes.map((change) => formatChange(change, report.dryRun)),
    ...SUMMARY.map(([kind, label]) => {
      const c = report.counts[kind];
      return `${label}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
    }),
    `${report.dryRun ? "would change" : "changed"}: ${report.created} created, ${report.updated} updated`,
  ];
}

export interface ImportRun {
  /** 0 imported (or would be), 2 the file has problems and nothing was written. */
  readonly exitCode: 0 | 2;
  readonly out: readonly string[];
  readonly err: readonly string[];
  readonly report?: ImportReport;
}

/** Parses, validates and imports one file's text; every problem is one line on `err`. */
export function importText(
  importer: ImporterService,
  fileName: string,
  text: string,
  now: number,
  options: { dryRun?: boolean } = {},
): ImportRun {
  const failed = (problems: readonly LocatedProblem[]): ImportRun => {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
    const n = sorted.length;
    return {
      exitCode: 2,
      out: [],
      err: [
        ...sorted.map((p) => formatProblem(fileName, p)),
        `${fileName}: ${n} problem${n === 1 ? "" : "s"}, nothing was written`,
      ],
    };
  };
  if (Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES) {
    return failed([
      {
        line: 1,
        col: 1,
        path: "",
        message: `the file is larger than ${MAX_FILE_BYTES / 1024} KiB`,
      },
    ]);
  }
  const yaml = parseYaml(text);
  if (!yaml.ok) return failed(yaml.problems);
  const outcome = importer.importPartnership(yaml.data, now, options);
  if (!outcome.ok) {
    return failed(
      outcome.problems.map((p) => ({
        ...yaml.locate(p.path),
        path: formatPath(p.path),
        message: p.message,
      })),
    );
  }
  return {
    exitCode: 0,
    out: formatReport(fileName, outcome.report),
    err: [],
    report: outcome.report,
  };
}
