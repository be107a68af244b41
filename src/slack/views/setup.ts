import type { ModalView } from "@slack/types";
import { LIMITS } from "../../domain/rules.js";
import { WEEKDAY_NAMES } from "../../domain/types.js";
import type { SetupForm } from "../../services/partnerships.js";
import { BLOCKS, VIEWS } from "../ids.js";
import { option, plain, selectInput, textInput, timeInput } from "./inputs.js";

const B = BLOCKS.setup;

export function weekdayOptions() {
  return WEEKDAY_NAMES.map((name, i) => option(name, String(i + 1)));
}

/** `/poc setup`: create the channel's partnership, or edit it. */
export function setupModal(form: SetupForm, channelId: string): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.setup,
    private_metadata: JSON.stringify({ channelId }),
    title: plain(form.mode === "create" ? "Set up partnership" : "Edit partnership"),
    submit: plain(form.mode === "create" ? "Create" : "Save"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text:
            form.mode === "create"
              ? `This binds <#${channelId}> to a new partnership; you become its first coordinator. Its weekly digest will be posted here.`
              : `Editing the partnership of <#${channelId}>.`,
        },
      },
      textInput(B.name, "Name", {
        initial: form.name,
        maxLength: LIMITS.partnershipName,
        placeholder: "e.g. Clean Water Compact",
      }),
      textInput(B.purpose, "Purpose", {
        initial: form.purpose,
        maxLength: LIMITS.purpose,
        multiline: true,
        optional: true,
        placeholder: "What the partners agreed to achieve together",
      }),
      textInput(B.timeZone, "Time zone", {
        initial: form.timeZone,
        maxLength: 64,
        hint: "IANA name, e.g. Europe/Berlin. The digest follows this zone; check-ins follow each owner's own zone.",
      }),
      selectInput(B.digestWeekday, "Digest day", weekdayOptions(), {
        initial: String(form.digestWeekday),
      }),
      timeInput(B.digestTime, "Digest time", { initial: form.digestTime }),
    ],
  };
}
