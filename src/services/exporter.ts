/**
 * Export of a partnership's records: organizations, members, objectives, commitments, check-ins,
 * blockers and decisions, as CSV (through csv-stringify, a header row first) or JSON. Every id one
 * file names (a commitment's `organization_id`, its `objective_ids`) is a row of another file.
 * `/poc export` (coordinators) and `poc export` on the command line share these files; the command
 * line also lists the partnerships there are and finds one by what an operator knows of it.
 */
import { stringify } from "csv-stringify/sync";
import type { ExportTable } from "../db/repositories/decisions.js";
import type { PartnershipListing } from "../db/repositories/partnerships.js";
import type { Partnership } from "../db/schema.js";
import { DomainError } from "../domain/errors.js";
import { literal, say } from "../domain/wording.js";
import type { Caller } from "./context.js";
import { audit, type ServiceKit } from "./kit.js";

export type ExportFormat = "csv" | "json";

export interface ExportFile {
  /** e.g. "commitments.csv". */
  readonly filename: string;
  readonly content: string;
}

export interface ExportBundle {
  readonly partnershipId: number;
  readonly partnershipName: string;
  readonly files: readonly ExportFile[];
}

export interface ExporterService {
  /** The caller's partnership (coordinators only), audited. */
  forCaller(caller: Caller, format: ExportFormat, now: number): ExportBundle;
  /** Any partnership, for the offline CLI: `reference` as `findPartnership` reads it. */
  forPartnership(reference: string, format: ExportFormat): ExportBundle;
  /**
   * The partnership an operator means by `reference`: its id, its channel's id, or its name
   * (ignoring case and runs of spaces). Throws not_found when nothing matches and conflict when a
   * name or channel matches several (the message lists their ids).
   */
  findPartnership(reference: string): Partnership;
  /** Every partnership of every workspace, archived ones too, by id, with their counts. */
  listPartnerships(): PartnershipListing[];
}

/**
 * A stored name as a terminal may show it: control, format and line-separator characters (a
 * cursor move, a right-to-left override) become spaces.
 */
export const printableName = (name: string) => name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ");

/** A name as an operator types it back: what `printableName` shows, case and runs of spaces aside. */
const normalName = (name: string) => printableName(name).trim().replace(/\s+/g, " ").toLowerCase();

/**
 * One table as CSV text: a header row, then one record per row (RFC 4180 quoting).
 *
 * Partners type the text that lands here, and a spreadsheet runs a cell that starts with `=`,
 * `+`, `-`, `@`, tab or carriage return as a formula (`=HYPERLINK(...)`). csv-stringify's
 * `escape_formulas` applies OWASP's CSV-injection rule: such a text cell gets a leading `'`. It
 * looks at the value before `cast`, so a real number column (a progress of -5) stays a number;
 * it also catches the full-width look-alikes (＝ ＋ － ＠) that Apple Numbers reads as operators.
 * JSON export keeps the raw text: a JSON reader runs nothing.
 */
export function tableToCsv(table: ExportTable): string {
  return stringify(
    table.rows.map((row) => table.columns.map((c) => row[c] ?? null)),
    {
      header: true,
      columns: [...table.columns],
      cast: { number: (n) => String(n) },
      escape_formulas: true,
    },
  );
}

export function tableToJson(table: ExportTable): string {
  const rows = table.rows.map((row) =>
    Object.fromEntries(table.columns.map((c) => [c, row[c] ?? null])),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
}

export function exportFiles(tables: readonly ExportTable[], format: ExportFormat): ExportFile[] {
  return tables.map((t) => ({
    filename: `${t.name}.${format}`,
    content: format === "csv" ? tableToCsv(t) : tableToJson(t),
  }));
}

export function createExporterService(kit: ServiceKit): ExporterService {
  const findPartnership = (reference: string): Partnership => {
    const wanted = reference.trim();
    const byId = /^\d{1,12}$/.test(wanted)
      ? kit.repos.partnerships.findByIdUnscoped(Number(wanted))
      : undefined;
    if (byId !== undefined) return byId;
    const all = kit.repos.partnerships.listAllWithCounts();
    const byChannel = all.filter((p) => p.channelId === wanted.replace(/^#/, "").toUpperCase());
    const matches =
      byChannel.length > 0
        ? byChannel
        : all.filter((p) => normalName(p.name) === normalName(wanted));
    if (matches.length === 0) {
      throw new DomainError(
        "not_found",
        say`There is no partnership with the id, channel or name ${JSON.stringify(reference)}; ${literal("npx poc partnerships")} lists them.`,
      );
    }
    if (matches.length > 1) {
      const which = matches.map((p) => `#${p.id} in ${p.channelId}`).join(", ");
      throw new DomainError(
        "conflict",
        `${JSON.stringify(reference)} names ${matches.length} partnerships (${which}): give the id.`,
      );
    }
    return kit.repos.partnerships.findByIdUnscoped(
      (matches[0] as PartnershipListing).id,
    ) as Partnership;
  };

  // One read transaction: the tables are one snapshot even while the app writes, so every id one
  // file names is a row of another.
  const tablesOf = (partnershipId: number) =>
    kit.transaction(() => kit.repos.overview.exportTables(partnershipId));

  return {
    forCaller(caller, format, now) {
      const scope = kit.context.require(caller, "export.run", now);
      const p = scope.partnership;
      const files = exportFiles(tablesOf(p.id), format);
      audit(kit, scope, "export.run", p.id, { format }, now);
      return { partnershipId: p.id, partnershipName: p.name, files };
    },

    forPartnership(reference, format) {
      const p = findPartnership(reference);
      return {
        partnershipId: p.id,
        partnershipName: p.name,
        files: exportFiles(tablesOf(p.id), format),
      };
    },

    findPartnership,

    listPartnerships() {
      return kit.repos.partnerships.listAllWithCounts();
    },
  };
}
