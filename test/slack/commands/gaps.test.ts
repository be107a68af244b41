/**
 * Alignment gaps, one model shown the same way everywhere (docs/definitions.md): a partnership
 * with one gap of each kind (an objective nobody serves, an organization with nothing, a
 * commitment serving no objective, a silent owner) reads the same heading, the same total and the
 * same lines in `/poc status`, `/poc agenda`, the `/poc digest` preview and a coordinator's Home.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prompts } from "../../../src/db/schema.js";
import { CHANNEL_ID, startTestApp, TEAM_ID, type TestApp } from "../../support/app.js";
import { NOW, type Seeded, seedPartnership } from "../../support/seed.js";
import { blocksText, type } from "../../support/slack.js";

const CORA = "U0COORD";
const OLU = "U0OBS";
const DAY = 86_400_000;
const HOSTILE_OBJECTIVE = 'Teach <!channel> hygiene & "soap"';

let t: TestApp;
let s: Seeded;
let ids: { gapObjective: number; survey: number };

function addCommitment(
  title: string,
  owner: number,
  organizationId: number,
  objectiveIds: number[],
): number {
  return t.poc.services.repos.commitments.create(
    {
      partnershipId: s.partnershipId,
      organizationId,
      ownerMemberId: owner,
      title,
      cadence: "weekly",
      checkInWeekday: 1,
      checkInTime: "10:00",
      startedAt: NOW - 60 * DAY,
      createdBy: CORA,
      createdAt: NOW - 60 * DAY,
      updatedAt: NOW - 60 * DAY,
    },
    objectiveIds,
  ).id;
}

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  s = seedPartnership(t.poc.services);
  const { repos } = t.poc.services;
  const objective = (title: string) =>
    repos.objectives.create({
      partnershipId: s.partnershipId,
      title,
      createdAt: NOW - 60 * DAY,
      updatedAt: NOW - 60 * DAY,
    }).id;
  const wells = objective("Clean wells");
  const gapObjective = objective(HOSTILE_OBJECTIVE);
  repos.organizations.upsert({
    partnershipId: s.partnershipId,
    name: "Valley Council",
    normalizedName: "valleycouncil",
    sector: "government",
    createdAt: NOW - 60 * DAY,
  });
  addCommitment("Drill wells", s.members.pat, s.orgs.acme, [wells]);
  const survey = addCommitment("Survey households", s.members.priya, s.orgs.river, []);
  // Priya left her weekly check-ins unanswered; each silent one has a newer prompt due at least
  // a day before NOW, so its period has closed.
  for (const daysAgo of [16, 9, 2]) {
    const dueAt = NOW - daysAgo * DAY;
    t.poc.database.db
      .insert(prompts)
      .values({
        commitmentId: survey,
        periodKey: `W:${new Date(dueAt).toISOString().slice(0, 10)}`,
        dueAt,
        state: "sent",
        createdAt: dueAt,
        updatedAt: dueAt,
      })
      .run();
  }
  ids = { gapObjective, survey };
});
afterAll(async () => {
  await t.close();
});

/** The gaps section of a message or view: its heading and its lines. */
function gapsOf(blocks: unknown[] | undefined): { heading: string; lines: string[] } {
  for (const block of blocks ?? []) {
    const text = (block as { type?: string; text?: { text?: string } }).text?.text;
    if (typeof text !== "string") continue;
    const [heading = "", ...lines] = text.split("\n");
    if (/^\*(?:\d+\. )?Alignment gaps \(\d+\)\*$/.test(heading)) return { heading, lines };
  }
  throw new Error(`no alignment gaps section in ${blocksText(blocks)}`);
}

let eventSeq = 0;

async function homeBlocks(user: string): Promise<unknown[]> {
  eventSeq += 1;
  await t.slack.event({
    type: "event_callback",
    team_id: TEAM_ID,
    api_app_id: "A0POC",
    event_id: `EvGaps${eventSeq}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "app_home_opened", user, channel: `D${user}`, tab: "home" },
  });
  const view = t.emulator.homeView(user);
  if (view === undefined) throw new Error(`no Home published for ${user}`);
  return view.blocks as unknown[];
}

describe("alignment gaps everywhere", () => {
  it("when a partnership has one gap of each kind, then status, agenda, digest preview and Home show the same four lines under the same total", async () => {
    const status = await type(t, OLU, CHANNEL_ID, "status");
    const agenda = await type(t, OLU, CHANNEL_ID, "agenda");
    const digest = await type(t, OLU, CHANNEL_ID, "digest");
    const home = await homeBlocks(CORA);

    const expected = [
      `• Objective #${ids.gapObjective} *Teach &lt;!channel&gt; hygiene &amp; "soap"*: no active commitment serves it`,
      "• *Valley Council* (government): no active commitment",
      `• Commitment #${ids.survey} *Survey households* (River NGO): serves no active objective`,
      expect.stringMatching(
        /^• :zzz: <@U0PART2> \(River NGO\) is silent: \d+ periods in a row unanswered$/,
      ),
    ];
    const fromStatus = gapsOf(status.reply?.blocks);
    expect(fromStatus).toEqual({ heading: "*Alignment gaps (4)*", lines: expected });
    expect(gapsOf(agenda.reply?.blocks)).toEqual({
      heading: "*3. Alignment gaps (4)*",
      lines: fromStatus.lines,
    });
    expect(gapsOf(digest.reply?.blocks)).toEqual(fromStatus);
    expect(gapsOf(home)).toEqual(fromStatus);

    // The counts in the notification texts are the same total.
    expect(agenda.reply?.text).toContain("4 alignment gaps");
    expect(digest.reply?.text).toContain("4 alignment gaps");
    // The hostile title pings nobody anywhere.
    for (const text of [status.text, agenda.text, digest.text, blocksText(home)]) {
      expect(text).not.toContain("<!channel>");
    }
  });
});
