/**
 * Export of a partnership's records: commitments, check-ins, blockers and decisions, as CSV
 * (through csv-stringify, a header row first) or JSON. `/poc export` (coordinators) and
 * `poc export` on the command line share these files.
 */
import { stringify } from "csv-stringify/sync";
import type { ExportTable } from "../db/repositories/decisions.js";
import { DomainError } from "../domain/errors.js";
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
  /** Any partnership by id, for the offline CLI. Throws not_found for an unknown id. */
  forPartnership(partnershipId: number, format: ExportFormat): ExportBundle;
}

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
  return {
    forCaller(caller, format, now) {
      const scope = kit.context.require(caller, "export.run", now);
      const p = scope.partnership;
      const files = exportFiles(kit.repos.overview.exportTables(p.id), format);
      audit(kit, scope, "export.run", p.id, { format }, now);
      return { partnershipId: p.id, partnershipName: p.name, files };
    },

    forPartnership(partnershipId, format) {
      const p = kit.repos.partnerships.findByIdUnscoped(partnershipId);
      if (p === undefined) {
        throw new DomainError("not_found", `There is no partnership #${partnershipId}.`);
      }
      return {
        partnershipId: p.id,
        partnershipName: p.name,
        files: exportFiles(kit.repos.overview.exportTables(p.id), format),
      };
    },
  };
}
