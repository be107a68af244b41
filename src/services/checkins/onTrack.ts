/**
 * *On track, no change*: one click on a prompt records the period's check-in as on track, with
 * the progress carried from the last check-in. A period already answered is not overwritten:
 * *Update* changes it.
 */
import { DomainError } from "../../domain/errors.js";
import { STATUS_WORDS } from "../../domain/types.js";
import { button, say } from "../../domain/wording.js";
import type { Caller } from "../context.js";
import type { ServiceKit } from "../kit.js";
import type { Ownership } from "./owned.js";
import { record } from "./record.js";
import type { CheckInRecorded } from "./types.js";

export function onTrack(
  kit: ServiceKit,
  own: Ownership,
  caller: Caller,
  promptId: number,
  now: number,
): CheckInRecorded {
  const o = own.ownedPrompt(caller, promptId, now);
  const existing = kit.repos.checkIns.findForPeriod(o.commitment.id, o.prompt.periodKey);
  if (existing !== undefined) {
    throw new DomainError(
      "conflict",
      say`You already checked in for this period (${STATUS_WORDS[existing.status]}); nothing was changed. Use ${button("Update")} to change it.`,
    );
  }
  const last = kit.repos.checkIns.latest(o.commitment.id);
  return record(
    kit,
    own,
    o,
    o.prompt,
    o.prompt.periodKey,
    {
      status: "on_track",
      progress: last?.progress ?? o.commitment.progress,
      whatMoved: null,
      nextStep: null,
      learning: null,
      blocker: null,
      oneClick: true,
    },
    now,
  );
}
