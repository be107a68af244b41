/**
 * The check-in modal's submission. The form names its prompt or its commitment and period in
 * private_metadata, never trusted: a form opened for a period that has ended since answers that
 * period's prompt if there was one, else it is stale; a check-in of an ended period cannot be
 * edited. Then every value is validated, each error at its field.
 */
import type { Prompt } from "../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import { FIELDS } from "../../domain/forms.js";
import { LIMITS, optionalText, parseChoice } from "../../domain/rules.js";
import { STATUSES, type Status } from "../../domain/types.js";
import { literal, say } from "../../domain/wording.js";
import type { Caller } from "../context.js";
import { parseCouldHelp } from "../couldHelp.js";
import type { ServiceKit } from "../kit.js";
import { progressMode } from "./form.js";
import { endedError, type Owned, type Ownership } from "./owned.js";
import { record } from "./record.js";
import type { Values } from "./store.js";
import type { CheckInInput, CheckInRecorded, CheckInTarget, ProgressMode } from "./types.js";

const F = FIELDS.checkIn;

function parseProgress(raw: string, mode: ProgressMode, status: Status): number | null {
  const text = raw.trim();
  if (text === "") return mode.kind === "percent" && status === "done" ? 100 : null;
  const value = /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (mode.kind === "percent") {
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      throw new DomainError(
        "invalid_input",
        `Progress is a percentage from 0 to 100; ${text.slice(0, 20)} is not.`,
        F.progress,
      );
    }
    return value;
  }
  if (!Number.isFinite(value) || Math.abs(value) > 1e12) {
    throw new DomainError(
      "invalid_input",
      `Progress is the value of "${mode.indicator.slice(0, 60)}"; ${text.slice(0, 20)} is not a number.`,
      F.progress,
    );
  }
  return value;
}

/** The prompt and period the form answers, or why it can no longer be saved. */
function answeredPeriod(
  kit: ServiceKit,
  own: Ownership,
  o: Owned,
  target: CheckInTarget,
  now: number,
): { prompt: Prompt | undefined; periodKey: string } {
  const { repos } = kit;
  let prompt: Prompt | undefined;
  if (target.promptId !== undefined) {
    prompt = repos.prompts.findById(target.promptId);
    if (prompt === undefined || prompt.commitmentId !== o.commitment.id) {
      throw new DomainError(
        "forbidden",
        "This form does not match its check-in request; nothing was saved. Open it again from the message.",
        F.status,
      );
    }
  }
  const current = own.currentOf(o.commitment, o.spec, now);
  let periodKey = prompt?.periodKey ?? current;
  if (prompt === undefined && target.periodKey !== current) {
    // The form was opened for a period that has ended since: it answers that period's
    // prompt if there was one, else it is stale.
    prompt = repos.checkIns.promptFor(o.commitment.id, target.periodKey);
    if (prompt === undefined) {
      throw new DomainError(
        "conflict",
        say`A new check-in period started while this form was open; nothing was saved. Run ${literal("/poc checkin")} again.`,
        F.status,
      );
    }
    periodKey = prompt.periodKey;
  }
  prompt ??= repos.checkIns.promptFor(o.commitment.id, periodKey);
  const existing = repos.checkIns.findForPeriod(o.commitment.id, periodKey);
  if (existing !== undefined && periodKey !== current) {
    const ended = endedError(periodKey);
    throw new DomainError(ended.code, ended.wording, F.status);
  }
  return { prompt, periodKey };
}

/** The modal's values, validated, each error at its field. */
function valuesOf(kit: ServiceKit, o: Owned, input: CheckInInput): Values {
  const status = parseChoice(
    STATUSES,
    input.status,
    "Choose a status: on track, at risk, off track or done.",
    F.status,
  );
  const progress = parseProgress(input.progress, progressMode(kit, o), status);
  const whatMoved = optionalText(input.whatMoved, "What moved", LIMITS.checkInText, F.whatMoved);
  const nextStep = optionalText(input.nextStep, "Next step", LIMITS.checkInText, F.nextStep);
  const learning = optionalText(input.learning, "Learning", LIMITS.checkInText, F.learning);
  const blockerText = optionalText(input.blocker, "The blocker", LIMITS.checkInText, F.blocker);
  // "Who could help" only means something with a blocker; without one it is ignored.
  const couldHelp =
    blockerText === null
      ? null
      : parseCouldHelp(kit, o.scope.partnership, input.couldHelp, F.blocker);
  return {
    status,
    progress,
    whatMoved,
    nextStep,
    learning,
    blocker: blockerText === null ? null : { text: blockerText, couldHelp },
    oneClick: false,
  };
}

export function submitCheckIn(
  kit: ServiceKit,
  own: Ownership,
  caller: Caller,
  target: CheckInTarget,
  input: CheckInInput,
  now: number,
): CheckInRecorded {
  const o = own.owned(caller, target.commitmentId, now, F.status);
  const { prompt, periodKey } = answeredPeriod(kit, own, o, target, now);
  return record(kit, own, o, prompt, periodKey, valuesOf(kit, o, input), now);
}
