/**
 * Away: `awayUntil` on the membership (*I'm away* on a prompt, or `/poc away <date>|off`: in a
 * partnership's channel, there; in a DM, in every partnership the caller belongs to). Prompts of
 * periods whose slot date (in the owner's zone) is on or before that date and that nobody
 * answered yet (pending, or sent for the current period) become `skipped`, so the owner is not
 * counted silent for them; the ones already in Slack are rewritten to say so.
 */
import type { Member, Prompt } from "../../db/schema.js";
import { parseAwayUntil } from "../../domain/away.js";
import { DomainError } from "../../domain/errors.js";
import { localDate } from "../../domain/schedule.js";
import type { Caller, Scope } from "../context.js";
import { type Effects, NO_EFFECTS } from "../effects.js";
import { announce, audit, type ServiceKit, withCoordinators } from "../kit.js";
import type { Ownership } from "./owned.js";
import { cadenceSpec, ownerZone } from "./period.js";
import type { AwayForm, AwayResult } from "./types.js";

/** The prompts an away date covers and nobody answered yet. */
function promptsToSkip(
  kit: ServiceKit,
  own: Ownership,
  scope: Scope,
  member: Member,
  until: string,
  now: number,
  clickedPromptId: number | undefined,
): Prompt[] {
  const zone = ownerZone(member, scope.partnership);
  const owned = kit.repos.commitments.list(scope.partnership.id, {
    state: "active",
    ownerMemberId: member.id,
  });
  const byId = new Map(owned.map((c) => [c.id, c]));
  return kit.repos.checkIns.openPrompts(owned.map((c) => c.id)).filter((p) => {
    const c = byId.get(p.commitmentId);
    if (c === undefined || localDate(zone, p.dueAt) > until) return false;
    if (p.state === "pending" || p.id === clickedPromptId) return true;
    // A sent prompt of an earlier period stays what it was: its silence already happened.
    return p.periodKey === own.currentOf(c, cadenceSpec(c, zone), now);
  });
}

/**
 * Sets (or clears) a member's away date and skips the prompts it covers. Call inside a
 * transaction. Returns the prompts skipped that were already in Slack (to show "away").
 */
function applyAway(
  kit: ServiceKit,
  own: Ownership,
  scope: Scope,
  member: Member,
  until: string | null,
  now: number,
  clickedPromptId?: number,
): { skipped: number; shown: number[] } {
  kit.repos.members.update(scope.partnership.id, member.id, { awayUntil: until });
  let skipped: Prompt[] = [];
  if (until !== null) {
    const candidates = promptsToSkip(kit, own, scope, member, until, now, clickedPromptId);
    const ids = candidates.map((p) => p.id);
    const changed = new Set(kit.repos.checkIns.skipPrompts(ids, now));
    skipped = candidates.filter((p) => changed.has(p.id));
  }
  const detail = { until, before: member.awayUntil, skippedPromptIds: skipped.map((p) => p.id) };
  audit(kit, scope, "member.away", member.id, detail, now);
  return {
    skipped: skipped.length,
    shown: skipped.filter((p) => p.state === "sent").map((p) => p.id),
  };
}

function awayEffects(until: string | null, shown: readonly number[]): Effects {
  return {
    ...NO_EFFECTS,
    prompts:
      until === null
        ? []
        : shown.map((promptId) => ({ promptId, outcome: { kind: "away" as const, until } })),
  };
}

/** What *I'm away* opens. */
export function awayForm(own: Ownership, caller: Caller, promptId: number, now: number): AwayForm {
  const o = own.ownedPrompt(caller, promptId, now);
  const today = localDate(o.zone, now);
  const until =
    o.member.awayUntil !== null && o.member.awayUntil >= today ? o.member.awayUntil : null;
  return { promptId, partnershipName: o.scope.partnership.name, today, until };
}

/** The away modal's submission (from a prompt). */
export function awayFromPrompt(
  kit: ServiceKit,
  own: Ownership,
  caller: Caller,
  promptId: number,
  raw: string | undefined,
  now: number,
): AwayResult {
  const o = own.ownedPrompt(caller, promptId, now);
  const until = parseAwayUntil(raw, o.zone, now);
  const applied = kit.transaction(() =>
    applyAway(kit, own, o.scope, o.member, until, now, promptId),
  );
  announce(kit, o.scope, withCoordinators(kit, o.scope, o.member.slackUserId));
  return {
    until,
    partnerships: [{ name: o.scope.partnership.name, channelId: o.scope.partnership.channelId }],
    skippedPrompts: applied.skipped,
    effects: awayEffects(until, applied.shown),
  };
}

/** `/poc away <date>` (or null for `/poc away off`). */
export function away(
  kit: ServiceKit,
  own: Ownership,
  caller: Caller,
  raw: string | null,
  now: number,
): AwayResult {
  const memberships = kit.context
    .scopesFor(caller, now)
    .flatMap((s) => (s.member === undefined ? [] : [{ scope: s, member: s.member }]));
  const first = memberships[0];
  if (first === undefined) {
    throw new DomainError(
      "forbidden",
      "You are not a member of this partnership, so you have no check-ins to pause.",
    );
  }
  const until =
    raw === null
      ? null
      : parseAwayUntil(raw, ownerZone(first.member, first.scope.partnership), now);
  const applied = kit.transaction(() =>
    memberships.map(({ scope, member }) => applyAway(kit, own, scope, member, until, now)),
  );
  for (const { scope, member } of memberships) {
    announce(kit, scope, withCoordinators(kit, scope, member.slackUserId));
  }
  return {
    until,
    partnerships: memberships.map(({ scope }) => ({
      name: scope.partnership.name,
      channelId: scope.partnership.channelId,
    })),
    skippedPrompts: applied.reduce((n, a) => n + a.skipped, 0),
    effects: awayEffects(
      until,
      applied.flatMap((a) => a.shown),
    ),
  };
}
