import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import {
  ACTIONS,
  authorize,
  PERMISSIONS,
  permissionsMarkdown,
  type Standing,
} from "../../src/domain/permissions.js";

const STANDINGS: Standing[] = ["coordinator", "partner", "observer", "none"];

function outcome(standing: Standing, action: (typeof ACTIONS)[number], owns: boolean): string {
  try {
    authorize(standing, action, owns);
    return "allowed";
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("forbidden");
    return "refused";
  }
}

describe("the permission table", () => {
  it("docs/permissions.md shows exactly the table the services enforce", () => {
    const doc = readFileSync(new URL("../../docs/permissions.md", import.meta.url), "utf8");
    expect(doc).toContain(permissionsMarkdown());
  });

  it.each(ACTIONS.flatMap((action) => STANDINGS.map((s) => [action, s] as const)))(
    "%s by a %s: the grant decides, and 'own' depends on the target",
    (action, standing) => {
      const grant = PERMISSIONS[action][standing];
      const onOwn = outcome(standing, action, true);
      const onOthers = outcome(standing, action, false);
      expect([onOwn, onOthers]).toEqual(
        grant === "yes"
          ? ["allowed", "allowed"]
          : grant === "own"
            ? ["allowed", "refused"]
            : ["refused", "refused"],
      );
    },
  );

  it("refusals say why and what to do", () => {
    expect(() => authorize("none", "partnership.read", true)).toThrow(
      /not a member.*\/poc member add/,
    );
    expect(() => authorize("partner", "organization.manage", true)).toThrow(
      /Only coordinators can manage organizations; you are a partner here/,
    );
    expect(() => authorize("partner", "commitment.create", false)).toThrow(
      /only for yourself and your own organization/,
    );
  });

  it("observers are never asked to report and can change nothing", () => {
    const writes = ACTIONS.filter((a) => PERMISSIONS[a].observer !== "no");
    expect(writes).toEqual([
      "partnership.create",
      "partnership.read",
      "blocker.help",
      "agenda.draft",
    ]);
  });
});
