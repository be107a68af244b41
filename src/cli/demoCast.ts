/**
 * How the demo's people behave, drawn from a seeded generator: which button each answer is (one
 * click, an update with figures, a snooze, a day late on the reminder), the figures they report,
 * and the week Diego goes away. The story's fixed beats are not drawn: Priya's first check-in
 * raises a blocker the Ministry helps with and she resolves at her next check-in, Diego goes away
 * once, Sam never answers, and Ezra (Slack Connect) can only be reached in the channel.
 *
 * Draws happen in the order events happen, and that order only depends on earlier draws, so one
 * seed always tells one story.
 */
import { type Random, seededRandom } from "./random.js";

export type Style = "onTrack" | "update" | "snooze" | "late";
export type Status = "on_track" | "at_risk" | "off_track";

export interface Update {
  readonly status: Status;
  /** The figure typed into the Progress input (a percentage or the indicator's value). */
  readonly progress: number;
  readonly whatMoved: string;
  readonly nextStep: string;
}

interface Track {
  /** The figure before the first update. */
  readonly start: number;
  /** How much one update moves it (negative: the indicator goes down, like water lost). */
  readonly step: readonly [number, number];
  readonly max?: number;
  readonly moved: readonly string[];
  readonly next: readonly string[];
}

/** Per commitment (by title): what its owner reports when they click [Update]. */
const TRACKS: Record<string, Track> = {
  "Install 40 solar-powered pumps in the east valley": {
    start: 120_000,
    step: [1_500, 6_000],
    moved: [
      "Three more pumps running in the east valley.",
      "Solar panels for the next batch cleared customs.",
      "Site surveys done for the northern villages.",
    ],
    next: ["Install the Kamari cluster.", "Hand the first pumps to the village committees."],
  },
  "Train 60 local technicians in pump maintenance": {
    start: 0,
    step: [5, 15],
    max: 100,
    moved: ["First cohort of 12 started.", "Training manual translated into Swahili."],
    next: ["Field practice at the new pumps.", "Recruit the second cohort."],
  },
  "Publish the district water-quality standard": {
    start: 3,
    step: [0, 1],
    max: 24,
    moved: ["Draft out for public comment.", "Legal review finished."],
    next: ["Present it to the cabinet committee.", "Answer the public comments."],
  },
  "Fund 12 district testing labs in the 2027 budget": {
    start: 3,
    step: [0, 2],
    max: 24,
    moved: ["Budget line accepted by the finance committee."],
    next: ["Defend the line in the budget hearing."],
  },
  "Open-data dashboard of water-quality samples": {
    start: 4,
    step: [1, 3],
    max: 24,
    moved: ["Two more county labs feeding the dashboard.", "Public page live in beta."],
    next: ["Add the rural districts.", "Automate the nightly import."],
  },
  "Leak-detection study of the city network": {
    start: 42,
    step: [-2, 0],
    moved: ["Acoustic loggers placed in zone 3.", "Night-flow measurements done."],
    next: ["Map the worst leaks with the utility."],
  },
  "Quarterly partner review meetings": {
    start: 0,
    step: [10, 25],
    max: 100,
    moved: ["Venue and date agreed with all partners."],
    next: ["Send the agenda a week ahead."],
  },
  "Share lab protocols with the county labs": {
    start: 3,
    step: [1, 2],
    max: 24,
    moved: ["Protocols sent to two more county labs."],
    next: ["Run the first joint calibration."],
  },
};

export interface Cast {
  readonly seed: number;
  /** The week (1-based) whose first check-in Diego answers with [I'm away]. */
  readonly diegoAwayWeek: number;
  /** Priya's first check-in, the one with the blocker: her status and districts reporting. */
  readonly priyaFirst: { readonly status: "at_risk" | "off_track"; readonly districts: number };
  /** How someone answers a prompt (in the channel there is no snooze: it needs a DM). */
  style(inChannel: boolean): Style;
  /** How someone who left it for later answers the reminder. */
  lateStyle(): "onTrack" | "update";
  /** What an [Update] on this commitment says. */
  update(title: string): Update;
}

export function castFor(seed: number, weeks: number): Cast {
  const random: Random = seededRandom(seed);
  const diegoAwayWeek = random.int(1, weeks);
  const priyaFirst = {
    status: random.chance(0.7) ? ("at_risk" as const) : ("off_track" as const),
    districts: random.int(4, 7),
  };
  const figures = new Map<string, number>([
    ["Open-data dashboard of water-quality samples", priyaFirst.districts],
  ]);
  return {
    seed,
    diegoAwayWeek,
    priyaFirst,
    style: (inChannel) =>
      random.weighted(
        inChannel
          ? { onTrack: 5, update: 3, snooze: 0, late: 2 }
          : { onTrack: 5, update: 3, snooze: 1, late: 2 },
      ),
    lateStyle: () => (random.chance(0.7) ? "onTrack" : "update"),
    update(title) {
      const track = TRACKS[title] ?? { start: 0, step: [5, 15], max: 100, moved: [], next: [] };
      const before = figures.get(title) ?? track.start;
      const moved = before + random.int(track.step[0], track.step[1]);
      const progress = Math.max(0, track.max === undefined ? moved : Math.min(track.max, moved));
      figures.set(title, progress);
      const status = random.weighted({ on_track: 6, at_risk: 3, off_track: 1 });
      return {
        status,
        progress,
        whatMoved: track.moved.length > 0 ? random.pick(track.moved) : "Work continued.",
        nextStep: track.next.length > 0 ? random.pick(track.next) : "Keep going.",
      };
    },
  };
}
