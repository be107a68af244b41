/**
 * The commitment (or prompt) an owner acts on, checked: every id arrives from the client (button
 * values, private_metadata), so the record must be in a partnership of the caller's workspace,
 * the caller must own the commitment, it must be active, and a prompt must belong to it.
 */
import type { CommitmentWithObjectives } from "../../db/repositories/commitments.js";
import type { Commitment, Member, Prompt } from "../../db/schema.js";
import { DomainError, isDomainError } from "../../domain/errors.js";
import { authorize } from "../../domain/permissions.js";
import type { CadenceSpec } from "../../domain/schedule.js";
import { literal, person, say } from "../../domain/wording.js";
import type { Caller, Scope } from "../context.js";
import { type ServiceKit, scopeIn } from "../kit.js";
import { cadenceSpec, currentPeriodKey, ownerZone } from "./period.js";

/** The commitment an owner acts on, with everything the rules need. */
export interface Owned {
  readonly scope: Scope;
  readonly member: Member;
  readonly commitment: CommitmentWithObjectives;
  readonly zone: string;
  readonly spec: CadenceSpec;
}

export interface Ownership {
  /** The commitment, if the caller owns it and it is still active; `field` for modal errors. */
  owned(caller: Caller, commitmentId: number, now: number, field?: string): Owned;
  /** The prompt and its commitment, if the caller owns it. */
  ownedPrompt(caller: Caller, promptId: number, now: number): Owned & { readonly prompt: Prompt };
  /** The current period of a commitment under `spec` (its schedule now, in its owner's zone). */
  currentOf(c: Pick<Commitment, "id" | "periodOpenedOn">, spec: CadenceSpec, now: number): string;
}

/** A check-in of an ended period cannot be edited. */
export function endedError(periodKey: string): DomainError {
  return new DomainError(
    "conflict",
    say`The period of this check-in (${periodKey}) has ended, so it can no longer be edited. Check in for the current period with ${literal("/poc checkin")}.`,
  );
}

const commitmentNotFound = (id: number) =>
  new DomainError(
    "not_found",
    say`Commitment #${id} is not one you can check in on. ${literal("/poc mine")} lists yours.`,
  );

const promptNotFound = () =>
  new DomainError(
    "not_found",
    say`This check-in request no longer exists. ${literal("/poc checkin")} opens the form for your commitments.`,
  );

function withField(error: unknown, field: string | undefined): unknown {
  return isDomainError(error) && field !== undefined && error.field === undefined
    ? new DomainError(error.code, error.wording, field)
    : error;
}

export function createOwnership(kit: ServiceKit): Ownership {
  const { repos } = kit;

  const owned = (caller: Caller, commitmentId: number, now: number, field?: string): Owned => {
    try {
      const scope = scopeIn(
        kit,
        caller,
        repos.checkIns.partnershipOfCommitment(commitmentId),
        now,
        () => commitmentNotFound(commitmentId),
      );
      const commitment = repos.commitments.findById(scope.partnership.id, commitmentId);
      if (commitment === undefined) throw commitmentNotFound(commitmentId);
      const member = scope.member;
      // Outside the commitment's partnership: the same answer as an id that does not exist, so
      // ids cannot be probed across partnerships.
      if (member === undefined) throw commitmentNotFound(commitmentId);
      if (commitment.ownerMemberId !== member.id) {
        const owner = repos.members.findById(scope.partnership.id, commitment.ownerMemberId);
        throw new DomainError(
          "forbidden",
          say`Only the commitment's owner${owner ? say` (${person(owner.slackUserId)})` : ""} can check in on it; nothing was changed.`,
        );
      }
      authorize(scope.standing, "checkin.submit", true);
      if (commitment.state !== "active") {
        throw new DomainError(
          "conflict",
          `Commitment #${commitment.id} is ${commitment.state}, so its check-ins have stopped; nothing was changed.`,
        );
      }
      const zone = ownerZone(member, scope.partnership);
      return { scope, member, commitment, zone, spec: cadenceSpec(commitment, zone) };
    } catch (error) {
      throw withField(error, field);
    }
  };

  return {
    owned,

    ownedPrompt(caller, promptId, now) {
      const prompt = repos.prompts.findById(promptId);
      if (prompt === undefined) throw promptNotFound();
      try {
        return { ...owned(caller, prompt.commitmentId, now), prompt };
      } catch (error) {
        // Someone else's prompt from another workspace reads as "not found", not as its number.
        if (isDomainError(error) && error.code === "not_found") throw promptNotFound();
        throw error;
      }
    },

    currentOf(c, spec, now) {
      return currentPeriodKey(spec, now, {
        openedOn: c.periodOpenedOn,
        periodKey: repos.prompts.newestPeriodKey(c.id) ?? null,
      });
    },
  };
}
