/**
 * `modalSubmission`, the shape all nine modal listeners share, driven directly: what it acks for a
 * form out of date, a refusal, a failure of ours and a save, and what runs after the ack. The
 * listeners themselves are driven end to end by signed requests in test/slack/.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../../../../src/domain/errors.js";
import { literal, say } from "../../../../src/domain/wording.js";
import { modalSubmission } from "../../../../src/slack/listeners/views/submission.js";
import { NOTHING_SAVED } from "../../../../src/slack/replies.js";
import { recordingLogger } from "../../../support/requests.js";

interface Call {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
}

function harness(options: { metadata?: string; postFails?: boolean } = {}) {
  const acks: unknown[] = [];
  const posted: Call[] = [];
  const args = {
    ack: async (response?: unknown) => {
      acks.push(response);
    },
    body: { team: null, user: { id: "U0PAT", team_id: "T0TEAM" } },
    view: {
      private_metadata: options.metadata ?? JSON.stringify({ channelId: "C0CHAN" }),
      state: { values: { title: { input: { type: "plain_text_input", value: "Pilot" } } } },
    },
    client: {
      chat: {
        postEphemeral: async (call: Call) => {
          if (options.postFails) throw new Error("channel_not_found");
          posted.push(call);
          return { ok: true };
        },
      },
    },
  };
  return {
    acks,
    posted,
    args: args as unknown as Parameters<ReturnType<typeof modalSubmission>>[0],
  };
}

const spec = {
  doing: "saving a thing",
  metadata: z.object({ channelId: z.string().regex(/^C[A-Z0-9]+$/) }),
  firstBlock: "title",
  outOfDate: "This form is out of date: close it and run /poc thing again.",
};

describe("modalSubmission", () => {
  it("answers a form whose metadata does not parse at its first field, without saving", async () => {
    const { logger } = recordingLogger();
    const saved: unknown[] = [];
    const h = harness({ metadata: '{"channelId":"not a channel"}' });
    await modalSubmission({ ...spec, save: (s) => saved.push(s) }, logger)(h.args);
    expect(h.acks).toEqual([{ response_action: "errors", errors: { title: spec.outOfDate } }]);
    expect(saved).toEqual([]);
  });

  it("says the form is out of date in general words when the listener names none", async () => {
    const { logger } = recordingLogger();
    const h = harness({ metadata: "{" });
    const { outOfDate: _, ...general } = spec;
    await modalSubmission({ ...general, save: () => 1 }, logger)(h.args);
    expect(h.acks).toEqual([
      {
        response_action: "errors",
        errors: { title: "This form is out of date: close it and try again." },
      },
    ]);
  });

  it("hands the service the caller, the metadata and the values, and acks empty once saved", async () => {
    const { logger } = recordingLogger();
    const h = harness();
    const seen: unknown[] = [];
    await modalSubmission(
      {
        ...spec,
        save: ({ caller, meta, values }) => {
          seen.push(caller, meta, values);
          return 7;
        },
        after: async (result, { meta, confirm }) => {
          await confirm(meta.channelId, `saved #${result}`, "thing confirmation");
        },
      },
      logger,
    )(h.args);
    expect(seen).toEqual([
      { teamId: "T0TEAM", userId: "U0PAT", channelId: "C0CHAN" },
      { channelId: "C0CHAN" },
      { title: { input: { type: "plain_text_input", value: "Pilot" } } },
    ]);
    expect(h.acks).toEqual([undefined]);
    expect(h.posted).toEqual([{ channel: "C0CHAN", user: "U0PAT", text: "saved #7" }]);
  });

  it("acts in the caller's DM when the metadata names no channel", async () => {
    const { logger } = recordingLogger();
    const h = harness({ metadata: JSON.stringify({ promptId: 3 }) });
    const callers: unknown[] = [];
    await modalSubmission(
      {
        doing: "setting away",
        metadata: z.object({ promptId: z.number() }),
        firstBlock: "until",
        save: ({ caller }) => callers.push(caller),
      },
      logger,
    )(h.args);
    expect(callers).toEqual([{ teamId: "T0TEAM", userId: "U0PAT", channelId: "DU0PAT" }]);
    expect(h.acks).toEqual([undefined]);
  });

  it("shows a refusal at its field as plain text and runs nothing after", async () => {
    const { logger, lines } = recordingLogger();
    const h = harness();
    let after = 0;
    await modalSubmission(
      {
        ...spec,
        save: () => {
          throw new DomainError(
            "invalid_input",
            say`Use ${literal("/poc org add <name>")} first.`,
            "owner",
          );
        },
        after: async () => {
          after += 1;
        },
      },
      logger,
    )(h.args);
    expect(h.acks).toEqual([
      { response_action: "errors", errors: { owner: "Use /poc org add <name> first." } },
    ]);
    expect(after).toBe(0);
    expect(lines.filter((l) => l.includes("failed"))).toEqual([]);
  });

  it("logs a failure of ours and tells the person nothing was saved, at the first field", async () => {
    const { logger, lines } = recordingLogger();
    const h = harness();
    await modalSubmission(
      {
        ...spec,
        save: () => {
          throw new Error("disk I/O error");
        },
      },
      logger,
    )(h.args);
    expect(h.acks).toEqual([{ response_action: "errors", errors: { title: NOTHING_SAVED } }]);
    expect(
      lines.some((l) => l.includes("saving a thing failed:") && l.includes("disk I/O error")),
    ).toBe(true);
  });

  it("logs a confirmation Slack refused, once saved, without failing the submission", async () => {
    const { logger, lines } = recordingLogger();
    const h = harness({ postFails: true });
    await modalSubmission(
      {
        ...spec,
        save: () => 1,
        after: async (_, { meta, confirm }) =>
          confirm(meta.channelId, "saved", "thing confirmation"),
      },
      logger,
    )(h.args);
    expect(h.acks).toEqual([undefined]);
    expect(lines.some((l) => l.includes("thing confirmation not delivered:"))).toBe(true);
  });
});
