/**
 * *I'm away*: a small modal asking for the last day away, and the answers to `/poc away`.
 */
import type { ModalView } from "@slack/types";
import type { AwayForm, AwayResult } from "../../services/checkins/types.js";
import { BLOCKS, COMMAND, VIEWS } from "../ids.js";
import { dateInput, plain } from "./inputs.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";

/** What travels in the away modal's private_metadata (checked again on submit). */
export interface AwayMetadata {
  readonly promptId: number;
}

export function awayModal(form: AwayForm): ModalView {
  const metadata: AwayMetadata = { promptId: form.promptId };
  return {
    type: "modal",
    callback_id: VIEWS.away,
    private_metadata: JSON.stringify(metadata),
    title: plain("I'm away"),
    submit: plain("Pause check-ins"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `No check-in prompts from *${escapeMrkdwn(truncate(form.partnershipName, 80))}* until the day you choose (included), and you do not count as silent meanwhile. \`${COMMAND} away off\` ends it early.`,
        },
      },
      dateInput(BLOCKS.away.until, "Away until (last day)", {
        initial: form.until ?? form.today,
        hint: "Today or later, at most a year ahead.",
      }),
    ],
  };
}

function where(result: AwayResult): string {
  const names = result.partnerships.map((p) => `*${escapeMrkdwn(truncate(p.name, 80))}*`);
  return names.length === 1 ? (names[0] ?? "") : names.join(", ");
}

/** The answer to `/poc away …` and the confirmation after the modal. */
export function awayText(result: AwayResult): string {
  if (result.until === null) {
    return `:wave: Welcome back: check-in prompts from ${where(result)} resume with the next period.`;
  }
  const skipped =
    result.skippedPrompts === 0
      ? ""
      : ` ${result.skippedPrompts === 1 ? "One pending check-in is" : `${result.skippedPrompts} pending check-ins are`} skipped.`;
  return `:palm_tree: Check-in prompts from ${where(result)} are paused until ${result.until} (included); you do not count as silent meanwhile.${skipped} \`${COMMAND} away off\` resumes them early.`;
}
