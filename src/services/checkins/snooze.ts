/**
 * *Snooze*: once per period, not after a reminder, until 09:00 the next morning in the owner's
 * zone (the member's zone from Slack, else the partnership's). Only a prompt that reached the
 * owner can be snoozed.
 */
import { DomainError } from "../../domain/errors.js";
import { addCalendarDays, instantOnLocalDate, localDate } from "../../domain/schedule.js";
import { button, say, time } from "../../domain/wording.js";
import type { Caller } from "../context.js";
import { NO_EFFECTS } from "../effects.js";
import { audit, type ServiceKit } from "../kit.js";
import type { Ownership } from "./owned.js";
import type { Snoozed } from "./types.js";

/** The hour a snoozed prompt comes back, the next morning in the owner's zone. */
export const SNOOZE_HOUR = 9;

/** 09:00 on the day after `now`'s local date in `zone` (daylight saving handled by the zone). */
export function nextMorning(zone: string, now: number): number {
  return instantOnLocalDate(zone, addCalendarDays(localDate(zone, now), 1), SNOOZE_HOUR, 0);
}

export function snooze(
  kit: ServiceKit,
  own: Ownership,
  caller: Caller,
  promptId: number,
  now: number,
): Snoozed {
  const o = own.ownedPrompt(caller, promptId, now);
  const { prompt } = o;
  if (prompt.answeredAt !== null || prompt.state === "answered") {
    throw new DomainError(
      "conflict",
      "This check-in is already answered, so there is nothing to snooze.",
    );
  }
  if (prompt.state !== "sent") {
    throw new DomainError(
      "conflict",
      prompt.state === "skipped"
        ? "You are marked away for this period, so this check-in will not come back."
        : say`Only a check-in that reached your DMs can be snoozed; answer it with ${button("On track")} or ${button("Update")}.`,
    );
  }
  if (prompt.snoozedUntil !== null) {
    throw new DomainError(
      "conflict",
      say`You already snoozed this check-in once this period (it comes back ${time(prompt.snoozedUntil)}). Answer it with ${button("On track")} or ${button("Update")}.`,
    );
  }
  if (prompt.remindersSent > 0) {
    throw new DomainError(
      "conflict",
      say`A reminder was already sent for this period, so it can no longer be snoozed. Answer it with ${button("On track")} or ${button("Update")}.`,
    );
  }
  const until = nextMorning(o.zone, now);
  kit.transaction(() => {
    kit.repos.prompts.setSnoozed(prompt.id, until, now);
    const detail = {
      commitmentId: o.commitment.id,
      periodKey: prompt.periodKey,
      until,
      zone: o.zone,
    };
    audit(kit, o.scope, "prompt.snooze", prompt.id, detail, now);
  });
  return {
    promptId: prompt.id,
    until,
    zone: o.zone,
    effects: { ...NO_EFFECTS, prompts: [{ promptId, outcome: { kind: "snoozed", until } }] },
  };
}
