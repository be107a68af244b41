import { z } from "zod";
import type { Logger } from "../../../logger.js";
import type { Services } from "../../../services/index.js";
import { BLOCKS } from "../../ids.js";
import { viewState } from "../../parsers/viewState.js";
import { escapeMrkdwn } from "../../views/mrkdwn.js";
import { modalSubmission } from "./submission.js";

const B = BLOCKS.setup;

/** The set-up modal's submission: validate inline, save, then tell the caller what is next. */
export function setupSubmitted(services: Services, logger: Logger) {
  return modalSubmission(
    {
      doing: "set-up",
      metadata: z.object({ channelId: z.string().regex(/^[CG][A-Z0-9]+$/) }),
      firstBlock: B.name,
      outOfDate: "This form is out of date: close it and run /poc setup again.",
      save: async ({ caller, values }) => {
        const user = await services.directory.user(caller.teamId, caller.userId).catch(() => null);
        return services.partnerships.saveSetup(
          caller,
          {
            name: viewState.text(values, B.name),
            purpose: viewState.text(values, B.purpose),
            timeZone: viewState.text(values, B.timeZone),
            digestWeekday: viewState.option(values, B.digestWeekday),
            digestTime: viewState.time(values, B.digestTime),
          },
          user,
          services.clock(),
        );
      },
      after: async ({ partnership, created }, { meta, confirm }) => {
        const name = escapeMrkdwn(partnership.name);
        const text = created
          ? `:white_check_mark: *${name}* is set up in this channel and you are its coordinator. Next: \`/poc org add &lt;name&gt; &lt;sector&gt;\`, \`/poc member add @person &lt;org&gt; [role]\`, \`/poc objective add\`, then \`/poc commit\`.`
          : `:white_check_mark: *${name}* is updated.`;
        await confirm(meta.channelId, text, "set-up confirmation");
      },
    },
    logger,
  );
}
