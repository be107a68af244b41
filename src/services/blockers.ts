/**
 * Blockers: something stopping a commitment, raised in a check-in or with `/poc blocker add`,
 * posted in the partnership channel with *I can help* and *Resolve*, listed by `/poc blockers`.
 *
 * Permissions (src/domain/permissions.ts): raising is `blocker.raise` (coordinators on any
 * commitment, partners on their own); offering help is `blocker.help` (any member); resolving is
 * for the commitment's owner, whoever raised the blocker, or a coordinator.
 *
 * Helpers: the first person who offers help is recorded on the blocker (`helperMemberId`); later
 * offers from other people are audit entries (`blocker.help`) and are shown on the message too;
 * offering twice, or on one's own blocker, is refused.
 *
 * Slack work (posting and updating the channel message, telling the owner) happens after the
 * database write, in `deliver(effects)`: the listener acks first, and a Slack failure is logged
 * without undoing what was recorded.
 */
import type { BlockerDetail } from "../db/repositories/blockers.js";
import type { Blocker, Commitment } from "../db/schema.js";
import { DomainError, isDomainError } from "../domain/errors.js";
import { FIELDS } from "../domain/forms.js";
import { authorize } from "../domain/permissions.js";
import { LIMITS, requireText } from "../domain/rules.js";
import { button, literal, person, say } from "../domain/wording.js";
import type { Caller, Scope } from "./context.js";
import {
  type CouldHelpChoices,
  type CouldHelpShown,
  couldHelpChoices,
  couldHelpColumns,
  couldHelpShown,
  parseCouldHelp,
} from "./couldHelp.js";
import { deliverEffects, type Effects, NO_EFFECTS } from "./effects.js";
import { announce, audit, type ServiceKit, scopeIn } from "./kit.js";

const MS_PER_DAY = 86_400_000;

// ---- the blockers service -------------------------------------------------------------------

export interface BlockerAddForm {
  readonly channelId: string;
  readonly partnershipName: string;
  /** The commitments the caller may raise a blocker on: their own, or any for coordinators. */
  readonly commitments: readonly {
    readonly id: number;
    readonly title: string;
    readonly organizationName: string;
    readonly ownerName: string;
  }[];
  readonly ownOnly: boolean;
  readonly choices: CouldHelpChoices;
}

/** What arrives from the `/poc blocker add` modal, as sent. */
export interface BlockerAddInput {
  readonly commitmentId: string | undefined;
  readonly text: string;
  readonly couldHelp: string | undefined;
}

export interface BlockerRef {
  readonly blockerId: number;
  readonly partnershipId: number;
  readonly text: string;
  readonly commitmentTitle: string;
  readonly effects: Effects;
}

export interface ResolveForm {
  readonly blockerId: number;
  readonly text: string;
  readonly commitmentTitle: string;
}

export interface OpenBlockerLine {
  readonly id: number;
  readonly text: string;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly organizationName: string;
  readonly ownerUserId: string;
  readonly ageDays: number;
  readonly couldHelp: CouldHelpShown;
  readonly helperUserIds: readonly string[];
  readonly escalationLevel: number;
}

export interface BlockerListing {
  readonly partnershipName: string;
  readonly blockers: readonly OpenBlockerLine[];
}

export interface BlockersService {
  /** What `/poc blocker add` opens; refuses observers and people without a commitment to name. */
  addForm(caller: Caller, now: number): BlockerAddForm;
  /** Records a blocker from the modal; `deliver(result.effects)` posts it in the channel. */
  add(caller: Caller, input: BlockerAddInput, now: number): BlockerRef;
  /** *I can help*: records the helper; the effects tell the owner and update the message. */
  help(caller: Caller, blockerId: number, now: number): BlockerRef;
  /** *Resolve*: checks the caller may resolve it, for the note modal. */
  resolveForm(caller: Caller, blockerId: number, now: number): ResolveForm;
  resolve(caller: Caller, blockerId: number, resolution: string, now: number): BlockerRef;
  /** `/poc blockers`: open ones, oldest first, with their age in whole days. */
  listOpen(caller: Caller, now: number): BlockerListing;
  deliver(effects: Effects): Promise<void>;
}

function notFound(id: number): DomainError {
  return new DomainError(
    "not_found",
    say`Blocker #${id} is not in a partnership you can see. ${literal("/poc blockers")} lists the open ones.`,
  );
}

export function ageInDays(since: number, now: number): number {
  return Math.max(0, Math.floor((now - since) / MS_PER_DAY));
}

export function createBlockersService(kit: ServiceKit): BlockersService {
  const { repos, context } = kit;
  const F = { ...FIELDS.blockerAdd, ...FIELDS.blockerResolve };

  const blockerScope = (caller: Caller, blockerId: number, now: number) => {
    const scope = scopeIn(kit, caller, repos.blockers.partnershipOf(blockerId), now, () =>
      notFound(blockerId),
    );
    const detail = repos.blockers.detail(scope.partnership.id, blockerId);
    if (detail === undefined) throw notFound(blockerId);
    return { scope, detail };
  };

  const requireOpen = (detail: BlockerDetail) => {
    if (detail.state !== "open") {
      throw new DomainError(
        "conflict",
        say`Blocker #${detail.id} is already resolved${detail.resolvedByUserId ? say` by ${person(detail.resolvedByUserId)}` : ""}; nothing was changed.`,
      );
    }
  };

  /** The commitment's owner, whoever raised it, or a coordinator. */
  const requireResolver = (scope: Scope, detail: BlockerDetail) => {
    authorize(scope.standing, "partnership.read", true);
    const member = scope.member;
    const may =
      scope.standing === "coordinator" ||
      (member !== undefined &&
        (member.id === detail.ownerMemberId || member.id === detail.raisedByMemberId));
    if (!may) {
      throw new DomainError(
        "forbidden",
        say`Only the commitment's owner (${person(detail.ownerUserId)}), whoever raised the blocker, or a coordinator can resolve it.`,
      );
    }
  };

  const refOf = (scope: Scope, blocker: Blocker | BlockerDetail, title: string, e: Effects) => ({
    blockerId: blocker.id,
    partnershipId: scope.partnership.id,
    text: blocker.text,
    commitmentTitle: title,
    effects: e,
  });

  const raisable = (scope: Scope): Commitment[] => {
    const active = repos.commitments.list(scope.partnership.id, { state: "active" });
    if (scope.standing === "coordinator") return active;
    return active.filter((c) => c.ownerMemberId === scope.member?.id);
  };

  return {
    addForm(caller, now) {
      const scope = context.scope(caller, now);
      authorize(scope.standing, "blocker.raise", true);
      const commitments = raisable(scope);
      if (commitments.length === 0) {
        throw new DomainError(
          "conflict",
          scope.standing === "coordinator"
            ? say`This partnership has no active commitment to raise a blocker on. Record one with ${literal("/poc commit")}.`
            : say`You own no active commitment here, so there is nothing to raise a blocker on. A blocker belongs to a commitment: record one with ${literal("/poc commit")}.`,
        );
      }
      const orgs = new Map(repos.organizations.list(scope.partnership.id).map((o) => [o.id, o]));
      const people = new Map(repos.members.list(scope.partnership.id).map((m) => [m.id, m]));
      return {
        channelId: scope.partnership.channelId,
        partnershipName: scope.partnership.name,
        ownOnly: scope.standing !== "coordinator",
        commitments: commitments.map((c) => ({
          id: c.id,
          title: c.title,
          organizationName: orgs.get(c.organizationId)?.name ?? "?",
          ownerName: people.get(c.ownerMemberId)?.displayName ?? "?",
        })),
        choices: couldHelpChoices(kit, scope.partnership),
      };
    },

    add(caller, input, now) {
      const scope = context.scope(caller, now);
      authorize(scope.standing, "blocker.raise", true);
      const raw = (input.commitmentId ?? "").trim();
      if (!/^\d{1,12}$/.test(raw)) {
        throw new DomainError("invalid_input", "Choose the commitment it blocks.", F.commitment);
      }
      const commitment = repos.commitments.findById(scope.partnership.id, Number(raw));
      if (commitment === undefined || commitment.state !== "active") {
        throw new DomainError(
          "invalid_input",
          "That is not an active commitment of this partnership. Choose one from the list.",
          F.commitment,
        );
      }
      const owns = scope.member !== undefined && commitment.ownerMemberId === scope.member.id;
      try {
        authorize(scope.standing, "blocker.raise", owns);
      } catch (error) {
        if (isDomainError(error)) throw new DomainError(error.code, error.wording, F.commitment);
        throw error;
      }
      const member = scope.member;
      if (member === undefined) throw new Error("an authorized raiser has a membership");
      const text = requireText(input.text, "The blocker", LIMITS.checkInText, F.text);
      const couldHelp = parseCouldHelp(kit, scope.partnership, input.couldHelp, F.text);
      const blocker = kit.transaction(() => {
        const created = repos.blockers.create({
          commitmentId: commitment.id,
          text,
          raisedByMemberId: member.id,
          ...couldHelpColumns(couldHelp),
          state: "open",
          createdAt: now,
        });
        audit(
          kit,
          scope,
          "blocker.create",
          created.id,
          { commitmentId: commitment.id, text, ...couldHelpColumns(couldHelp) },
          now,
        );
        return created;
      });
      announce(kit, scope);
      return refOf(scope, blocker, commitment.title, {
        ...NO_EFFECTS,
        blockers: [{ partnershipId: scope.partnership.id, blockerId: blocker.id, mode: "post" }],
      });
    },

    help(caller, blockerId, now) {
      const { scope, detail } = blockerScope(caller, blockerId, now);
      authorize(scope.standing, "blocker.help", true);
      const member = scope.member;
      if (member === undefined) throw new Error("an authorized helper has a membership");
      requireOpen(detail);
      if (member.id === detail.ownerMemberId) {
        throw new DomainError(
          "conflict",
          say`This is your own blocker: ${button("I can help")} is for the others. Resolve it when it is solved.`,
        );
      }
      const helpers = repos.blockers.helpers(scope.partnership.id, blockerId);
      if (helpers.includes(member.slackUserId) || detail.helperMemberId === member.id) {
        throw new DomainError(
          "conflict",
          say`You already offered help on blocker #${blockerId}; ${person(detail.ownerUserId)} knows.`,
        );
      }
      kit.transaction(() => {
        const first = detail.helperMemberId === null;
        if (first) repos.blockers.update(blockerId, { helperMemberId: member.id });
        audit(kit, scope, "blocker.help", blockerId, { first }, now);
      });
      announce(kit, scope, [detail.ownerUserId, member.slackUserId]);
      return refOf(scope, detail, detail.commitmentTitle, {
        ...NO_EFFECTS,
        blockers: [{ partnershipId: scope.partnership.id, blockerId, mode: "update" }],
        notices: [
          {
            userId: detail.ownerUserId,
            notice: {
              kind: "help_offered",
              partnershipName: scope.partnership.name,
              channelId: scope.partnership.channelId,
              blockerId,
              blockerText: detail.text,
              helperUserId: member.slackUserId,
            },
          },
        ],
      });
    },

    resolveForm(caller, blockerId, now) {
      const { scope, detail } = blockerScope(caller, blockerId, now);
      requireResolver(scope, detail);
      requireOpen(detail);
      return { blockerId, text: detail.text, commitmentTitle: detail.commitmentTitle };
    },

    resolve(caller, blockerId, resolution, now) {
      const { scope, detail } = blockerScope(caller, blockerId, now);
      requireResolver(scope, detail);
      requireOpen(detail);
      const member = scope.member;
      if (member === undefined) throw new Error("a resolver has a membership");
      const note = requireText(resolution, "The resolution", LIMITS.checkInText, F.resolution);
      kit.transaction(() => {
        repos.blockers.update(blockerId, {
          state: "resolved",
          resolvedByMemberId: member.id,
          resolvedAt: now,
          resolution: note,
        });
        audit(kit, scope, "blocker.resolve", blockerId, { resolution: note }, now);
      });
      announce(kit, scope);
      return refOf(scope, detail, detail.commitmentTitle, {
        ...NO_EFFECTS,
        blockers: [{ partnershipId: scope.partnership.id, blockerId, mode: "update" }],
      });
    },

    listOpen(caller, now) {
      const scope = context.require(caller, "partnership.read", now);
      const [open, helpers] = kit.transaction(() => [
        repos.blockers.listOpen(scope.partnership.id),
        repos.blockers.openHelpers(scope.partnership.id),
      ]);
      return {
        partnershipName: scope.partnership.name,
        blockers: open.map((b) => ({
          id: b.id,
          text: b.text,
          commitmentId: b.commitmentId,
          commitmentTitle: b.commitmentTitle,
          organizationName: b.organizationName,
          ownerUserId: b.ownerUserId,
          ageDays: ageInDays(b.createdAt, now),
          couldHelp: couldHelpShown(b.couldHelpUserId, b.couldHelpOrganizationName),
          helperUserIds: [
            ...new Set([
              ...(b.helperUserId === null ? [] : [b.helperUserId]),
              ...(helpers.get(b.id) ?? []),
            ]),
          ],
          escalationLevel: b.escalationLevel,
        })),
      };
    },

    deliver(effects) {
      return deliverEffects(kit, effects);
    },
  };
}
