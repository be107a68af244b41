/**
 * The demo's simulated weeks: `poc tick --now <ISO>` every half hour of simulated time (the real
 * CLI path, in-process), and people answering what reaches them the way real partners do: one
 * click, an update with figures, a snooze, a day late on the reminder, a blocker with help offered
 * from another organization, an owner who goes away, one who stays silent, and a Slack Connect
 * partner whose DM cannot be delivered. How each answers comes from the seeded cast.
 */

import { addCalendarDays, localDate } from "../domain/schedule.js";
import { STATUS_WORDS } from "../domain/types.js";
import type { Emulator, StoredMessage } from "../emulator/index.js";
import type { Person } from "../emulator/person.js";
import { ACTIONS, BLOCKS, PROMPT_METADATA_TYPE } from "../slack/ids.js";
import type { Cast, Style } from "./demoCast.js";
import { mrkdwnToText, renderBlocks } from "./render.js";

/** A step the app refused or answered wrongly: the demo stops with this message. */
export class DemoError extends Error {}

export interface SimClock {
  now: number;
}

export interface WeeksContext {
  readonly emulator: Emulator;
  readonly channelId: string;
  readonly channelName: string;
  readonly clock: SimClock;
  readonly say: (line?: string) => void;
  readonly name: (id: string) => string | undefined;
  readonly zoneOf: (id: string) => string | undefined;
  /** The partnership's zone: the transcript's clock reads in it. */
  readonly zone: string;
  readonly person: (id: string) => Person;
  readonly cast: Cast;
  /** Runs `poc tick --now <iso>`; resolves with its exit code. */
  readonly tick: (iso: string) => Promise<number>;
  readonly fail: (message: string) => never;
}

const HALF_HOUR = 30 * 60_000;
const DAY = 24 * 60 * 60_000;
const WEEK = 7 * DAY;

const SAM = "U0SAM";
const PRIYA = "U0PRIYA";
const DIEGO = "U0DIEGO";

interface Parts {
  readonly weekday: string;
  readonly day: string;
  readonly month: string;
  readonly time: string;
  readonly date: string;
}

function partsOf(at: number, zone: string): Parts {
  const get = (type: string, list: Intl.DateTimeFormatPart[]) =>
    list.find((p) => p.type === type)?.value ?? "";
  const list = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  return {
    weekday: get("weekday", list),
    day: get("day", list),
    month: get("month", list),
    time: `${get("hour", list)}:${get("minute", list)}`,
    date: `${get("year", list)}-${get("month", list)}-${get("day", list)}`,
  };
}

/** "Thu 3 Dec 23:00" in the zone. */
export function clockText(at: number, zone: string): string {
  const p = partsOf(at, zone);
  return `${p.weekday} ${p.day} ${p.month} ${p.time}`;
}

function city(zone: string): string {
  return zone.split("/").at(-1)?.replace(/_/g, " ") ?? zone;
}

/** " (Fri 10:00 in Sydney)": a person's own time when their zone is not the partnership's. */
function localNote(at: number, zone: string | undefined, partnershipZone: string): string {
  if (zone === undefined || zone === partnershipZone) return "";
  const here = partsOf(at, partnershipZone);
  const there = partsOf(at, zone);
  const day = there.date === here.date ? "" : `${there.weekday} `;
  return ` (${day}${there.time} in ${city(zone)})`;
}

/** Who a message went to: a DM (D + user id) or the partnership channel. */
function recipientOf(channel: string): string | undefined {
  return channel.startsWith("D") ? channel.slice(1) : undefined;
}

function isThreadReply(message: StoredMessage): boolean {
  return message.thread_ts !== undefined && message.thread_ts !== message.ts;
}

/** "Check-in: <title>" (after a mention, in the channel) -> the commitment's title. */
function titleOf(message: StoredMessage): string {
  return mrkdwnToText(message.text.replace(/^<@[A-Z0-9]+>\s*/, "").replace(/^Check-in:\s*/, ""));
}

function longDate(isoDate: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(Date.parse(`${isoDate}T12:00:00Z`));
}

interface Script {
  /** Prompts each person has received so far. */
  readonly seen: Map<string, number>;
  /** Prompts left for later (late or snoozed): `${channel}/${ts}` -> owner. */
  readonly later: Map<string, string>;
  blockerTs: string | undefined;
  diegoWentAway: boolean;
  digests: number;
  /** The digest whose thread the transcript shows in full (the first one with a week behind it). */
  detailParent: string | undefined;
}

export async function simulateWeeks(ctx: WeeksContext, weeks: number): Promise<void> {
  const { say, emulator, cast } = ctx;
  const script: Script = {
    seen: new Map(),
    later: new Map(),
    blockerTs: undefined,
    diegoWentAway: false,
    digests: 0,
    detailParent: undefined,
  };
  const start = ctx.clock.now;
  const end = start + weeks * WEEK;
  const weekOf = (at: number) => Math.floor((at - start) / WEEK) + 1;
  const name = (id: string) => ctx.name(id) ?? id;
  const stamp = () => `[${clockText(ctx.clock.now, ctx.zone)}]`;
  const note = (userId: string) => localNote(ctx.clock.now, ctx.zoneOf(userId), ctx.zone);
  let cursor = emulator.calls.length;

  const render = (message: StoredMessage, zone: string | undefined) =>
    renderBlocks(message.blocks ?? [], { userName: ctx.name, indent: "    │ ", zone });

  const show = (message: StoredMessage, full: boolean) => {
    const to = recipientOf(message.channel);
    const thread = isThreadReply(message);
    let where: string;
    if (to === undefined) {
      const which = message.thread_ts === script.detailParent ? "the digest's" : "a";
      where = `In #${ctx.channelName}${thread ? `, in ${which} thread` : ""}`;
    } else {
      where = `${name(to)}${note(to)}${thread ? ", in the DM's thread" : " gets a DM"}`;
    }
    if (!full) {
      const line = message.text.split("\n")[0] ?? "";
      say(`  ${stamp()} ${where}: ${mrkdwnToText(line, { userName: ctx.name })}`);
      return;
    }
    say(`  ${stamp()} ${where}:`);
    say(render(message, ctx.zoneOf(to ?? "U0AMARA") ?? ctx.zone));
  };

  /** The prompt message as its owner sees it now: its last block is what the click recorded. */
  const showOutcome = (channel: string, ts: string, owner: string) => {
    const updated = emulator.messages(channel).find((m) => m.ts === ts);
    const last = updated?.blocks?.at(-1);
    if (last === undefined) ctx.fail(`the prompt ${ts} is gone`);
    if ((last as { type?: string }).type === "actions") ctx.fail("the prompt did not record it");
    say(renderBlocks([last], { userName: ctx.name, indent: "    │ ", zone: ctx.zoneOf(owner) }));
  };

  const submitted = (what: string, answer: { body?: { errors?: Record<string, string> } }) => {
    if (answer.body?.errors) ctx.fail(`${what} refused: ${JSON.stringify(answer.body.errors)}`);
  };

  /** Answers `prompt` (or, late, the reminder `on` in its thread) in one of the cast's styles. */
  const answer = async (
    prompt: StoredMessage,
    owner: string,
    style: Style,
    on: StoredMessage = prompt,
  ) => {
    const who = name(owner);
    const person = ctx.person(owner);
    const where = on === prompt ? "" : " on the reminder";
    switch (style) {
      case "onTrack":
        say(`  ▶ ${who} clicks [On track, no change]${where}`);
        await person.click(on, ACTIONS.promptOnTrack);
        break;
      case "update": {
        await person.click(on, ACTIONS.promptUpdate);
        const view = person.openedModal();
        if (view === undefined) ctx.fail("the check-in modal did not open");
        const u = cast.update(titleOf(prompt));
        say(
          `  ▶ ${who} clicks [Update]${where} and submits: ${STATUS_WORDS[u.status]}, progress ${u.progress}, “${u.whatMoved}”`,
        );
        submitted(
          "the check-in",
          await person.submit(view, {
            [BLOCKS.checkIn.status]: { option: u.status },
            [BLOCKS.checkIn.progress]: { number: String(u.progress) },
            [BLOCKS.checkIn.whatMoved]: { text: u.whatMoved },
            [BLOCKS.checkIn.nextStep]: { text: u.nextStep },
          }),
        );
        break;
      }
      case "snooze":
        say(`  ▶ ${who} clicks [Snooze]`);
        await person.click(on, ACTIONS.promptSnooze);
        script.later.set(`${prompt.channel}/${prompt.ts}`, owner);
        break;
      case "late":
        say(`  … ${who} leaves it for later.`);
        script.later.set(`${prompt.channel}/${prompt.ts}`, owner);
        return;
    }
    showOutcome(prompt.channel, prompt.ts, owner);
  };

  const priyaRaisesBlocker = async (prompt: StoredMessage) => {
    const person = ctx.person(PRIYA);
    say(`  ▶ ${name(PRIYA)} clicks [Update] and fills in the check-in form:`);
    await person.click(prompt, ACTIONS.promptUpdate);
    const view = person.openedModal();
    if (view === undefined) ctx.fail("the check-in modal did not open");
    say(renderBlocks((view.blocks as unknown[]) ?? [], { userName: ctx.name, indent: "    ┊ " }));
    const { status, districts } = cast.priyaFirst;
    const ministry = optionValue(view, BLOCKS.checkIn.couldHelp, "Ministry of Water");
    submitted(
      "the check-in",
      await person.submit(view, {
        [BLOCKS.checkIn.status]: { option: status },
        [BLOCKS.checkIn.progress]: { number: String(districts) },
        [BLOCKS.checkIn.whatMoved]: {
          text: `Sampling kits arrived; ${districts} of 24 districts reporting.`,
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
      }),
    );
    say(
      `    … ${STATUS_WORDS[status]}, ${districts} districts, with a blocker the Ministry of Water could help with; submitted.`,
    );
    showOutcome(prompt.channel, prompt.ts, PRIYA);
  };

  const diegoGoesAway = async (prompt: StoredMessage) => {
    const person = ctx.person(DIEGO);
    const until = addCalendarDays(localDate(ctx.zoneOf(DIEGO) ?? ctx.zone, ctx.clock.now), 9);
    say(`  ▶ ${name(DIEGO)} clicks [I'm away] and picks ${longDate(until)} in the form`);
    await person.click(prompt, ACTIONS.promptAway);
    const view = person.openedModal();
    if (view === undefined) ctx.fail("the away modal did not open");
    submitted("away", await person.submit(view, { [BLOCKS.away.until]: { date: until } }));
    script.diegoWentAway = true;
    showOutcome(prompt.channel, prompt.ts, DIEGO);
  };

  const priyaResolvesBlocker = async () => {
    const blocker = emulator.messages(ctx.channelId).find((m) => m.ts === script.blockerTs);
    if (blocker === undefined) return;
    const person = ctx.person(PRIYA);
    say(`  ▶ ${name(PRIYA)} clicks [Resolve] on her blocker in #${ctx.channelName}`);
    await person.click({ ...blocker, channel: ctx.channelId }, ACTIONS.blockerResolve);
    const view = person.openedModal();
    if (view === undefined) ctx.fail("the resolve modal did not open");
    submitted(
      "resolving the blocker",
      await person.submit(view, {
        [BLOCKS.blockerResolve.resolution]: {
          text: "The Ministry shared the leak and quality data.",
        },
      }),
    );
    const updated = emulator.messages(ctx.channelId).find((m) => m.ts === script.blockerTs);
    if (updated) {
      say(`  ${stamp()} In #${ctx.channelName}, the blocker now reads:`);
      say(render({ ...updated, channel: ctx.channelId }, ctx.zone));
    }
  };

  /** A prompt reached its owner (by DM, or in the channel with a mention). */
  const reactToPrompt = async (prompt: StoredMessage, owner: string, inChannel: boolean) => {
    const count = (script.seen.get(owner) ?? 0) + 1;
    script.seen.set(owner, count);
    if (owner === SAM) {
      say(`  … ${name(SAM)} does not answer.`);
      return;
    }
    if (owner === PRIYA && count === 1) return priyaRaisesBlocker(prompt);
    if (owner === DIEGO && !script.diegoWentAway && weekOf(ctx.clock.now) >= cast.diegoAwayWeek) {
      return diegoGoesAway(prompt);
    }
    if (owner === PRIYA && count === 2) await priyaResolvesBlocker();
    await answer(prompt, owner, cast.style(inChannel));
  };

  /** A reminder (or a snoozed prompt coming back) in a prompt's thread. */
  const reactToReply = async (reply: StoredMessage) => {
    const key = `${reply.channel}/${reply.thread_ts}`;
    const owner = script.later.get(key);
    if (owner === undefined) return;
    script.later.delete(key);
    const prompt = emulator.messages(reply.channel).find((m) => m.ts === reply.thread_ts);
    if (prompt === undefined) ctx.fail("a reminder's prompt is gone");
    await answer({ ...prompt, channel: reply.channel }, owner, cast.lateStyle(), reply);
  };

  const onMessage = async (message: StoredMessage) => {
    const to = recipientOf(message.channel);
    const thread = isThreadReply(message);
    const isPrompt = message.metadata?.event_type === PROMPT_METADATA_TYPE && !thread;
    if (thread) {
      const full =
        to === undefined &&
        message.thread_ts === script.detailParent &&
        message.text.startsWith("Digest detail");
      show(message, full);
      await reactToReply(message);
      return;
    }
    if (to === undefined) {
      const header = (message.blocks as { type?: string; text?: { text?: string } }[])?.find(
        (b) => b.type === "header",
      );
      if (header?.text?.text?.startsWith("Weekly digest")) {
        script.digests += 1;
        if (script.digests === 2) script.detailParent = message.ts;
      }
      show(message, true);
      const owner = /<@(U[A-Z0-9]+)>/.exec(message.text)?.[1];
      if (isPrompt && owner !== undefined) await reactToPrompt(message, owner, true);
      const isBlocker = JSON.stringify(message.blocks ?? []).includes(ACTIONS.blockerHelp);
      if (isBlocker && script.blockerTs === undefined) {
        script.blockerTs = message.ts;
        say(`  ▶ ${name(DIEGO)} (Ministry of Water) clicks [I can help] on the blocker`);
        await ctx.person(DIEGO).click(message, ACTIONS.blockerHelp);
      }
      return;
    }
    const first = isPrompt && !script.seen.has(to);
    show(message, first || to === "U0AMARA");
    if (isPrompt) await reactToPrompt(message, to, false);
  };

  let week = 0;
  for (let at = start; at <= end; at += HALF_HOUR) {
    const w = weekOf(at);
    if (w !== week && w <= weeks) {
      week = w;
      say();
      say(
        `━━ Week ${week} of ${weeks}: ${clockText(at, ctx.zone).slice(0, -6)} to ${clockText(at + WEEK - DAY, ctx.zone).slice(0, -6)} ━━`,
      );
      if (week === 1) {
        say(
          `(\`poc tick --now\` runs every 30 simulated minutes. Times are the partnership's, in ${city(ctx.zone)}; a person's own time is in brackets.)`,
        );
      }
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
      await onMessage({ ...stored, channel });
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
