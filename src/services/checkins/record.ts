/**
 * Recording a check-in, whichever way it was given (the modal, or one click *On track, no
 * change*): one check-in per commitment and period, edited in place when answered again; the
 * commitment's status, progress and last check-in follow it, *done* closes it, the period's prompt
 * is marked answered, and a blocker text raises (or edits) the check-in's blocker. All in one
 * transaction, audited and announced; the Slack work is returned as `effects`.
 */
import type { CheckIn, Prompt } from "../../db/schema.js";
import { NO_EFFECTS } from "../effects.js";
import { announce, type ServiceKit, withCoordinators } from "../kit.js";
import type { LastCheckIn, PromptOutcome } from "../ports.js";
import type { Owned, Ownership } from "./owned.js";
import { saveBlocker, type Values, writeCheckIn } from "./store.js";
import type { CheckInRecorded } from "./types.js";

function lastOf(checkIn: CheckIn): LastCheckIn {
  return {
    status: checkIn.status,
    progress: checkIn.progress,
    whatMoved: checkIn.whatMoved,
    nextStep: checkIn.nextStep,
    at: checkIn.editedAt ?? checkIn.createdAt,
  };
}

/** Writes the period's check-in and everything that follows from it, in one transaction. */
export function record(
  kit: ServiceKit,
  own: Ownership,
  o: Owned,
  prompt: Prompt | undefined,
  periodKey: string,
  values: Values,
  now: number,
): CheckInRecorded {
  const { scope, commitment, member } = o;
  const late = periodKey !== own.currentOf(commitment, o.spec, now);
  const result = kit.transaction(() => {
    const written = writeCheckIn(kit, o, prompt, periodKey, values, late, now);
    const blocker =
      values.blocker === null
        ? null
        : saveBlocker(kit, o, written.checkIn, written.existing, values.blocker, now);
    return { ...written, blocker };
  });
  announce(kit, scope, withCoordinators(kit, scope, member.slackUserId));
  const outcome: PromptOutcome = {
    kind: "recorded",
    checkIn: lastOf(result.checkIn),
    edited: result.existing !== undefined,
  };
  const shown = prompt ?? kit.repos.checkIns.promptFor(commitment.id, periodKey);
  const promptMessage =
    shown !== undefined &&
    ((shown.dmChannelId !== null && shown.messageTs !== null) || shown.channelFallbackTs !== null);
  const blocker = result.blocker;
  return {
    checkIn: result.checkIn,
    created: result.existing === undefined,
    closed: result.closed,
    commitmentId: commitment.id,
    commitmentTitle: commitment.title,
    periodKey,
    late,
    promptMessage,
    blockerId: blocker?.blockerId ?? null,
    effects: {
      ...NO_EFFECTS,
      prompts: shown === undefined ? [] : [{ promptId: shown.id, outcome }],
      blockers:
        blocker !== null && blocker.mode !== null
          ? [
              {
                partnershipId: scope.partnership.id,
                blockerId: blocker.blockerId,
                mode: blocker.mode,
              },
            ]
          : [],
    },
  };
}
