/**
 * Check-ins: what an owner does with a prompt (one click *On track, no change*, *Update* and the
 * modal, *Snooze*, *I'm away*) and with `/poc checkin` and `/poc away`.
 *
 * Rules
 * - Only the commitment's owner checks in (`checkin.submit` is "own" for coordinators and
 *   partners). Every id arrives from the client (button values, private_metadata) and is
 *   re-checked: the record must be in a partnership of the caller's workspace, the caller must own
 *   the commitment, and a prompt must belong to that commitment.
 * - One check-in per commitment and period (a unique index): answering again edits it in place
 *   (`editedAt`). The current period is the one the planner prompts for (`currentPeriod` in
 *   domain/schedule.ts): the latest slot's, unless that slot falls inside the period the newest
 *   prompt opened (the schedule was edited since), then that one; before the first slot, the
 *   first. A prompt's answer counts for the period the prompt asks about, even late; a check-in
 *   whose period has ended can no longer be edited.
 * - Recording sets the commitment's status, progress and last check-in; *done* closes it; the
 *   period's prompt is marked answered; a blocker text raises a blocker, posted in the channel.
 * - Snooze: once per period, not after a reminder, until 09:00 the next morning in the owner's
 *   zone (the member's zone from Slack, else the partnership's).
 * - Away: `awayUntil` on the membership; prompts of periods whose slot date (in the owner's zone)
 *   is on or before that date and that nobody answered yet (pending, or sent for the current
 *   period) become `skipped`, so the owner is not counted silent for them.
 *
 * Every method writes in one transaction, audits and announces, and returns the Slack work as
 * `effects` for `deliver`, which the listener calls after it has acked.
 *
 * One use case per file: `form.ts` (the modal and `/poc checkin`), `submit.ts`, `onTrack.ts`,
 * `snooze.ts`, `away.ts`; `record.ts` writes a check-in whichever way it came; `owned.ts` checks
 * the ids a client sent; `period.ts` says which zone and period a check-in answers.
 */
import type { Caller } from "../context.js";
import { deliverEffects, type Effects } from "../effects.js";
import type { ServiceKit } from "../kit.js";
import { away, awayForm, awayFromPrompt } from "./away.js";
import { checkInForm, type FormTarget, startCheckIn } from "./form.js";
import { onTrack } from "./onTrack.js";
import { createOwnership } from "./owned.js";
import { snooze } from "./snooze.js";
import { submitCheckIn } from "./submit.js";
import type {
  AwayForm,
  AwayResult,
  CheckInForm,
  CheckInInput,
  CheckInRecorded,
  CheckInStart,
  CheckInTarget,
  Snoozed,
} from "./types.js";

export interface CheckInsService {
  /** `/poc checkin`: the modal for the caller's only active commitment, or a list to pick from. */
  start(caller: Caller, now: number): CheckInStart;
  /** The modal for a prompt (*Update*) or a commitment (`/poc checkin`, the picker). */
  form(caller: Caller, target: FormTarget, now: number): CheckInForm;
  /** The modal's submission. */
  submit(caller: Caller, target: CheckInTarget, input: CheckInInput, now: number): CheckInRecorded;
  /** *On track, no change*: on track, progress carried from the last check-in. */
  onTrack(caller: Caller, promptId: number, now: number): CheckInRecorded;
  snooze(caller: Caller, promptId: number, now: number): Snoozed;
  /** What *I'm away* opens. */
  awayForm(caller: Caller, promptId: number, now: number): AwayForm;
  /** The away modal's submission (from a prompt). */
  awayFromPrompt(
    caller: Caller,
    promptId: number,
    until: string | undefined,
    now: number,
  ): AwayResult;
  /**
   * `/poc away <date>` (or null for `/poc away off`): in a partnership's channel, there; in a
   * DM, in every partnership the caller belongs to.
   */
  away(caller: Caller, until: string | null, now: number): AwayResult;
  /** The Slack work after a change; logs failures, never throws. */
  deliver(effects: Effects): Promise<void>;
}

export function createCheckInsService(kit: ServiceKit): CheckInsService {
  const own = createOwnership(kit);
  return {
    start: (caller, now) => startCheckIn(kit, own, caller, now),
    form: (caller, target, now) => checkInForm(kit, own, caller, target, now),
    submit: (caller, target, input, now) => submitCheckIn(kit, own, caller, target, input, now),
    onTrack: (caller, promptId, now) => onTrack(kit, own, caller, promptId, now),
    snooze: (caller, promptId, now) => snooze(kit, own, caller, promptId, now),
    awayForm: (caller, promptId, now) => awayForm(own, caller, promptId, now),
    awayFromPrompt: (caller, promptId, until, now) =>
      awayFromPrompt(kit, own, caller, promptId, until, now),
    away: (caller, until, now) => away(kit, own, caller, until, now),
    deliver: (effects) => deliverEffects(kit, effects),
  };
}
