/**
 * Standing a partnership up in a channel (`/poc setup`) and its settings (`/poc settings`).
 */
import type { Partnership } from "../db/schema.js";
import { PARTNERSHIP_DEFAULTS } from "../domain/defaults.js";
import { DomainError } from "../domain/errors.js";
import { FIELDS } from "../domain/forms.js";
import { authorize } from "../domain/permissions.js";
import {
  LIMITS,
  optionalText,
  parseTime,
  parseWeekday,
  parseZone,
  requireText,
} from "../domain/rules.js";
import { isValidTimeZone } from "../domain/schedule.js";
import type { Weekday } from "../domain/types.js";
import { literal, say } from "../domain/wording.js";
import { type Caller, isDirectMessage } from "./context.js";
import { announce, audit, type ServiceKit } from "./kit.js";
import type { DirectoryUser } from "./ports.js";

export interface SetupInput {
  readonly name: string;
  readonly purpose: string;
  readonly timeZone: string;
  readonly digestWeekday: string | undefined;
  readonly digestTime: string | undefined;
}

export interface SetupForm {
  readonly mode: "create" | "edit";
  readonly name: string | null;
  readonly purpose: string | null;
  readonly timeZone: string;
  readonly digestWeekday: Weekday;
  readonly digestTime: string;
}

export const FALLBACK_ZONE = "UTC";

export interface PartnershipsService {
  /** What the setup modal shows: the partnership's values, or defaults for a new one. */
  setupForm(caller: Caller, callerZone: string | undefined, now: number): SetupForm;
  /** Creates the partnership (the caller becomes its first coordinator) or edits it. */
  saveSetup(
    caller: Caller,
    input: SetupInput,
    callerUser: DirectoryUser | null,
    now: number,
  ): { partnership: Partnership; created: boolean };
}

export function createPartnershipsService(kit: ServiceKit): PartnershipsService {
  const { repos, context } = kit;

  const refuseDm = (caller: Caller) => {
    if (isDirectMessage(caller.channelId)) {
      throw new DomainError(
        "no_partnership",
        say`A partnership lives in a channel: run ${literal("/poc setup")} in the channel where the partners talk (invite me there first).`,
      );
    }
  };

  return {
    setupForm(caller, callerZone, now) {
      refuseDm(caller);
      const scope = context.findScope(caller, now);
      if (scope === undefined) {
        return {
          mode: "create",
          name: null,
          purpose: null,
          timeZone: callerZone && isValidTimeZone(callerZone) ? callerZone : FALLBACK_ZONE,
          digestWeekday: PARTNERSHIP_DEFAULTS.digestWeekday,
          digestTime: PARTNERSHIP_DEFAULTS.digestTime,
        };
      }
      authorize(scope.standing, "partnership.edit", true);
      const p = scope.partnership;
      return {
        mode: "edit",
        name: p.name,
        purpose: p.purpose,
        timeZone: p.timeZone,
        digestWeekday: p.digestWeekday as Weekday,
        digestTime: p.digestTime,
      };
    },

    saveSetup(caller, input, callerUser, now) {
      refuseDm(caller);
      const values = {
        name: requireText(
          input.name,
          "The partnership's name",
          LIMITS.partnershipName,
          FIELDS.setup.name,
        ),
        purpose: optionalText(input.purpose, "The purpose", LIMITS.purpose, FIELDS.setup.purpose),
        timeZone: parseZone(input.timeZone, FIELDS.setup.timeZone),
        digestWeekday: parseWeekday(input.digestWeekday, FIELDS.setup.digestWeekday),
        digestTime: parseTime(input.digestTime, FIELDS.setup.digestTime),
      };
      const result = kit.transaction(() => {
        const bound = context.partnershipOfChannel(caller, now);
        if (bound) {
          const existing = bound.partnership;
          const scope = context.scopeFor(bound.workspace, existing, caller);
          authorize(scope.standing, "partnership.edit", true);
          const partnership = repos.partnerships.update(existing.id, values, now);
          audit(kit, scope, "partnership.edit", existing.id, values, now);
          return { partnership, created: false, scope };
        }
        const workspace = context.workspace(caller.teamId, now);
        const partnership = repos.partnerships.create({
          workspaceId: workspace.id,
          channelId: caller.channelId,
          ...values,
          createdBy: caller.userId,
          createdAt: now,
          updatedAt: now,
        });
        const member = repos.members.upsert({
          partnershipId: partnership.id,
          slackUserId: caller.userId,
          role: "coordinator",
          displayName: callerUser?.name ?? null,
          timeZone: callerUser?.tz ?? null,
          timeZoneFetchedAt: callerUser ? now : null,
          isExternal: callerUser?.isExternal ?? false,
          createdAt: now,
        });
        const scope = context.scopeFor(workspace, partnership, caller);
        audit(
          kit,
          scope,
          "partnership.create",
          partnership.id,
          { ...values, channelId: caller.channelId },
          now,
        );
        audit(
          kit,
          scope,
          "member.create",
          member.id,
          { slackUserId: caller.userId, role: "coordinator" },
          now,
        );
        return { partnership, created: true, scope };
      });
      announce(kit, result.scope);
      return { partnership: result.partnership, created: result.created };
    },
  };
}
