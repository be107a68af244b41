/**
 * The decision log: items recorded in a review meeting (`/poc decision add|list|done`), followed
 * up in digests and agendas until done. Coordinators record and close them; every member reads.
 */
import type { DecisionView } from "../db/repositories/decisions.js";
import type { Decision } from "../db/schema.js";
import { DomainError } from "../domain/errors.js";
import { FIELDS } from "../domain/forms.js";
import { parseDate, requireText } from "../domain/rules.js";
import { localDate } from "../domain/schedule.js";
import { literal, say } from "../domain/wording.js";
import type { Caller } from "./context.js";
import { announce, audit, type ServiceKit } from "./kit.js";

/** A decision's text limit (characters). */
export const DECISION_TEXT_MAX = 500;

export interface DecisionInput {
  readonly text: string;
  /** A Slack user id; undefined or "" for none. */
  readonly ownerUserId?: string | undefined;
  /** "YYYY-MM-DD"; undefined or "" for none. */
  readonly dueDate?: string | undefined;
}

export interface DecisionListing {
  readonly partnershipName: string;
  /** "YYYY-MM-DD" today in the partnership's zone: a due date before it is overdue. */
  readonly today: string;
  readonly decisions: readonly DecisionView[];
}

export interface DecisionsService {
  /** Checks the caller may record decisions (before the modal opens). */
  addForm(caller: Caller, now: number): { partnershipName: string };
  add(caller: Caller, input: DecisionInput, now: number): Decision;
  /** Open decisions, by due date. Any member. */
  list(caller: Caller, now: number): DecisionListing;
  done(caller: Caller, id: number, now: number): Decision;
}

export function createDecisionsService(kit: ServiceKit): DecisionsService {
  return {
    addForm(caller, now) {
      const scope = kit.context.require(caller, "decision.manage", now);
      return { partnershipName: scope.partnership.name };
    },

    add(caller, input, now) {
      const scope = kit.context.require(caller, "decision.manage", now);
      const pid = scope.partnership.id;
      const text = requireText(input.text, "The decision", DECISION_TEXT_MAX, FIELDS.decision.text);
      let ownerMemberId: number | null = null;
      const ownerUserId = (input.ownerUserId ?? "").trim();
      if (ownerUserId !== "") {
        const owner = kit.repos.members.findByUser(pid, ownerUserId);
        if (owner === undefined) {
          throw new DomainError(
            "invalid_input",
            "The owner must be a member of this partnership.",
            FIELDS.decision.owner,
          );
        }
        ownerMemberId = owner.id;
      }
      const due = (input.dueDate ?? "").trim();
      const dueDate = due === "" ? null : parseDate(due, "The due date", FIELDS.decision.dueDate);
      return kit.transaction(() => {
        const decision = kit.repos.overview.insertDecision({
          partnershipId: pid,
          text,
          ownerMemberId,
          dueDate,
          state: "open",
          createdBy: caller.userId,
          createdAt: now,
        });
        audit(kit, scope, "decision.create", decision.id, { text, ownerUserId, dueDate }, now);
        announce(kit, scope);
        return decision;
      });
    },

    list(caller, now) {
      const scope = kit.context.require(caller, "partnership.read", now);
      return {
        partnershipName: scope.partnership.name,
        today: localDate(scope.partnership.timeZone, now),
        decisions: kit.repos.overview.decisionsOf(scope.partnership.id, "open"),
      };
    },

    done(caller, id, now) {
      const scope = kit.context.require(caller, "decision.manage", now);
      const found = kit.repos.overview.findDecision(id);
      if (found === undefined || found.partnershipId !== scope.partnership.id) {
        throw new DomainError(
          "not_found",
          say`There is no decision #${id} in this partnership. ${literal("/poc decision list")} shows the open ones.`,
        );
      }
      if (found.state === "done") {
        throw new DomainError("conflict", `Decision #${id} is already done.`);
      }
      return kit.transaction(() => {
        const done = kit.repos.overview.markDecisionDone(id, now);
        if (done === undefined)
          throw new DomainError("conflict", `Decision #${id} is already done.`);
        audit(kit, scope, "decision.done", id, {}, now);
        announce(kit, scope);
        return done;
      });
    },
  };
}
