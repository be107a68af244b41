/**
 * The demo's simulated weeks: `poc tick --now <ISO>` every half hour of simulated time (the real
 * CLI path, in-process), and people answering what reaches them the way real partners do: one
 * click, a modal with a blocker, help offered from another organization, an owner who goes away,
 * one who stays silent, and a Slack Connect partner whose DM cannot be delivered.
 */

import type { SlackDeliverer } from "../emulator/deliver.js";
import type { Emulator, StoredMessage } from "../emulator/index.js";
import { Person } from "../emulator/person.js";
import { ACTIONS, BLOCKS } from "../slack/ids.js";
import { renderBlocks } from "./render.js";

/** A step the app refused or answered wrongly: the demo stops with this message. */
export class DemoError extends Error {}

export interface SimClock {
  now: number;
}

export interface WeeksContext {
  readonly emulator: Emulator;
  readonly slack: SlackDeliverer;
  readonly teamId: string;
  readonly channelId: string;
  readonly clock: SimClock;
  readonly say: (line?: string) => void;
  readonly name: (id: string) => string | undefined;
  readonly zoneOf: (id: string) => string | undefined;
  readonly teamOf: (id: string) => string;
  /** Runs `poc tick --now <iso>`; resolves with its exit code. */
  readonly tick: (iso: string) => Promise<number>;
  readonly fail: (message: string) => never;
}

const HALF_HOUR = 30 * 60_000;
const WEEK = 7 * 24 * 60 * 60_000;

function when(at: number, zone: string | undefined): string {
  const city = (zone ?? "UTC").split("/").at(-1)?.replace(/_/g, " ") ?? "UTC";
  return `${new Intl.DateTimeFormat("en-GB", {
    timeZone: zone ?? "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at)} ${city}`;
}

/** Who a message went to: a DM (D + user id) or the partnership channel. */
function recipientOf(channel: string): string | undefined {
  return channel.startsWith("D") ? channel.slice(1) : undefined;
}

interface Script {
  /** Prompts each person has received so far. */
  readonly seen: Map<string, number>;
  priyaBlockerTs: string | undefined;
}

export async function simulateWeeks(ctx: WeeksContext, weeks: number): Promise<void> {
  const { say, emulator } = ctx;
  const person = (id: string) => new Person(id, ctx.teamOf(id), emulator, ctx.slack);
  const script: Script = { seen: new Map(), priyaBlockerTs: undefined };
  const start = ctx.clock.now;
  const end = start + weeks * WEEK;
  let week = 0;
  let cursor = emulator.calls.length;

  const show = (message: StoredMessage, to: string | undefined, full: boolean) => {
    const who = to ? ctx.name(to) : "#water-partnership";
    const zone = to ? ctx.zoneOf(to) : ctx.zoneOf("U0AMARA");
    const stamp = when(ctx.clock.now, zone);
    if (!full) {
      const thread =
        to === undefined && message.thread_ts !== undefined && message.thread_ts !== message.ts
          ? " 🧵 in the thread"
          : "";
      say(`  [${stamp}] ${who}${thread}: ${message.text.split("\n")[0]}`);
      return;
    }
    say(`  [${stamp}] ${who} sees:`);
    say(renderBlocks(message.blocks ?? [], { userName: ctx.name, indent: "    │ ", zone }));
  };

  const react = async (message: StoredMessage) => {
    const to = recipientOf(message.channel);
    const isPrompt =
      message.metadata?.event_type === "poc_prompt" && message.thread_ts === undefined;
    const isChannelPrompt = isPrompt && to === undefined;
    const owner = to ?? /<@(U[A-Z0-9]+)>/.exec(message.text)?.[1];
    if (!isPrompt || owner === undefined) return;
    const count = (script.seen.get(owner) ?? 0) + 1;
    script.seen.set(owner, count);
    switch (owner) {
      case "U0LENA":
      case "U0AMARA":
        say(`  ▶ ${ctx.name(owner)} clicks [On track, no change]`);
        await person(owner).click(message, ACTIONS.promptOnTrack);
        return;
      case "U0EZRA":
        if (isChannelPrompt) {
          say(`  ▶ Ezra answers in the channel: [On track, no change]`);
          await person(owner).click(message, ACTIONS.promptOnTrack);
        }
        return;
      case "U0DIEGO":
        if (count === 1) {
          say("  ▶ Diego clicks [I'm away] and picks 13 December");
          await person(owner).click(message, ACTIONS.promptAway);
          const view = person(owner).openedModal();
          if (view === undefined) ctx.fail("the away modal did not open");
          const answer = await person(owner).submit(view, {
            [BLOCKS.away.until]: { date: "2026-12-13" },
          });
          if (answer.body?.errors) ctx.fail(`away refused: ${JSON.stringify(answer.body.errors)}`);
        } else {
          say("  ▶ Diego, back, clicks [On track, no change]");
          await person(owner).click(message, ACTIONS.promptOnTrack);
        }
        return;
      case "U0PRIYA":
        if (count === 1) {
          say("  ▶ Priya clicks [Update] and fills in the check-in form:");
          await person(owner).click(message, ACTIONS.promptUpdate);
          const view = person(owner).openedModal();
          if (view === undefined) ctx.fail("the check-in modal did not open");
          say(
            renderBlocks((view.blocks as unknown[]) ?? [], {
              userName: ctx.name,
              indent: "    ┊ ",
            }),
          );
          const ministry = optionValue(view, BLOCKS.checkIn.couldHelp, "Ministry of Water");
          const answer = await person(owner).submit(view, {
            [BLOCKS.checkIn.status]: { option: "at_risk" },
            [BLOCKS.checkIn.progress]: { number: "20" },
            [BLOCKS.checkIn.whatMoved]: {
              text: "Sampling kits arrived; 4 of 24 districts reporting.",
            },
            [BLOCKS.checkIn.nextStep]: { text: "Connect the county lab feeds." },
            [BLOCKS.checkIn.blocker]: {
              text: "We need the utility's leak and quality data, which only the Ministry can release.",
            },
            [BLOCKS.checkIn.couldHelp]: {
              accessoryOption: ministry,
              actionId: ACTIONS.couldHelpSelect,
            },
            [BLOCKS.checkIn.learning]: {
              text: "Districts share data faster when the request comes from a partner they know.",
            },
          });
          if (answer.body?.errors)
            ctx.fail(`check-in refused: ${JSON.stringify(answer.body.errors)}`);
          say(
            "    … at risk, 20%, with a blocker the Ministry of Water could help with; submitted.",
          );
        } else {
          if (count === 2) await resolveBlocker();
          say("  ▶ Priya clicks [On track, no change]");
          await person(owner).click(message, ACTIONS.promptOnTrack);
        }
        return;
      default:
        // Sam stays silent: reminders and escalation follow.
        return;
    }
  };

  const resolveBlocker = async () => {
    const blocker = emulator.messages(ctx.channelId).find((m) => m.ts === script.priyaBlockerTs);
    if (blocker === undefined) return;
    say("  ▶ Priya clicks [Resolve] on her blocker: “The Ministry shared the data.”");
    await person("U0PRIYA").click(blocker, ACTIONS.blockerResolve);
    const view = person("U0PRIYA").openedModal();
    if (view === undefined) ctx.fail("the resolve modal did not open");
    const answer = await person("U0PRIYA").submit(view, {
      [BLOCKS.blockerResolve.resolution]: {
        text: "The Ministry shared the leak and quality data.",
      },
    });
    if (answer.body?.errors) ctx.fail(`resolve refused: ${JSON.stringify(answer.body.errors)}`);
    const updated = emulator.messages(ctx.channelId).find((m) => m.ts === script.priyaBlockerTs);
    if (updated) show({ ...updated, channel: ctx.channelId }, undefined, true);
  };

  const reactToChannel = async (message: StoredMessage) => {
    const isBlocker = (message.blocks ?? []).some((b) =>
      JSON.stringify(b).includes(ACTIONS.blockerHelp),
    );
    if (!isBlocker || script.priyaBlockerTs !== undefined) return;
    script.priyaBlockerTs = message.ts;
    say("  ▶ Diego (Ministry of Water) clicks [I can help] on the blocker");
    await person("U0DIEGO").click(message, ACTIONS.blockerHelp);
  };

  for (let at = start; at <= end; at += HALF_HOUR) {
    const w = Math.floor((at - start) / WEEK) + 1;
    if (w !== week && w <= weeks) {
      week = w;
      say();
      say(
        `━━ Week ${week} (from ${when(at, "UTC")}): poc tick --now every 30 simulated minutes ━━`,
      );
    }
    ctx.clock.now = at;
    const code = await ctx.tick(new Date(at).toISOString());
    if (code !== 0) ctx.fail(`poc tick --now ${new Date(at).toISOString()} exited ${code}`);
    // Messages the tick sent, then the ones people's reactions caused (a blocker posted to the
    // channel after a check-in, say), in order, until nothing new arrives.
    while (cursor < emulator.calls.length) {
      const call = emulator.calls[cursor];
      cursor += 1;
      if (call === undefined || call.method !== "chat.postMessage") continue;
      const response = call.response as { ok?: boolean; ts?: string; channel?: string };
      if (response.ok !== true) continue;
      const channel = response.channel ?? "";
      const stored = emulator.messages(channel).find((m) => m.ts === response.ts);
      if (stored === undefined) continue;
      const message = { ...stored, channel };
      const to = recipientOf(channel);
      const first = to !== undefined && !script.seen.has(to) && message.thread_ts === undefined;
      // Thread replies in the channel (a digest's detail) show as one line: the thread holds them.
      const inThread =
        to === undefined && message.thread_ts !== undefined && message.thread_ts !== message.ts;
      show(message, to, !inThread && (first || to === undefined || to === "U0AMARA"));
      await react(message);
      if (to === undefined) await reactToChannel(message);
    }
  }
}

/** The value of the option whose label contains `label`, in a select of a view. */
export function optionValue(view: Record<string, unknown>, blockId: string, label: string): string {
  const block = (
    view.blocks as { block_id?: string; element?: unknown; accessory?: unknown }[]
  ).find((b) => b.block_id === blockId);
  const select = (block?.element ?? block?.accessory ?? {}) as {
    options?: { text: { text: string }; value: string }[];
    option_groups?: { options: { text: { text: string }; value: string }[] }[];
  };
  const options = [
    ...(select.options ?? []),
    ...(select.option_groups ?? []).flatMap((g) => g.options),
  ];
  const found = options.find((o) => o.text.text.includes(label));
  if (found === undefined) throw new DemoError(`no option "${label}" in ${blockId}`);
  return found.value;
}
