/**
 * The commitments and objectives services called directly with a chosen `now`: what "today" means
 * for a due date (the partnership's own zone), what an edit keeps, and what a refusal leaves.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { DomainError } from "../../src/domain/errors.js";
import { localDate } from "../../src/domain/schedule.js";
import type { CommitmentInput } from "../../src/services/commitments.js";
import type { Services } from "../../src/services/index.js";
import { validateObjective } from "../../src/services/objectives.js";
import { CHANNEL_ID, TEAM_ID } from "../support/app.js";
import { memoryDatabase } from "../support/db.js";
import { type Seeded, seedPartnership } from "../support/seed.js";
import { servicesOn } from "../support/services.js";

const CORA = { teamId: TEAM_ID, userId: "U0COORD", channelId: CHANNEL_ID };
const PAT = { teamId: TEAM_ID, userId: "U0PART", channelId: CHANNEL_ID };
/** 23:30 on 30 November in London is already 1 December in Auckland. */
const LATE_EVENING = Date.parse("2026-11-30T23:30:00Z");

let database: Database;
let services: Services;
let seeded: Seeded;

beforeEach(() => {
  database = memoryDatabase();
  services = servicesOn(database);
  seeded = seedPartnership(services);
});

afterEach(() => {
  database.close();
});

const input = (over: Partial<CommitmentInput> = {}): CommitmentInput => ({
  title: "Drill wells",
  ownerUserId: "U0PART",
  organizationId: String(seeded.orgs.acme),
  objectiveIds: [],
  dueDate: undefined,
  cadence: "weekly",
  weekday: "4",
  time: "10:00",
  ...over,
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("due dates", () => {
  it("when now is 30 November 23:30 UTC, then today is the 30th in London and the 1st in Auckland", () => {
    expect(localDate("Europe/London", LATE_EVENING)).toBe("2026-11-30");
    expect(localDate("Pacific/Auckland", LATE_EVENING)).toBe("2026-12-01");
    expect(localDate("America/Los_Angeles", LATE_EVENING)).toBe("2026-11-30");
  });

  it("when the due date is today in the partnership's zone, then it is accepted", async () => {
    const { commitment } = await services.commitments.save(
      CORA,
      undefined,
      input({ dueDate: "2026-11-30" }),
      LATE_EVENING,
    );
    expect(commitment.commitment).toMatchObject({ dueDate: "2026-11-30", startedAt: LATE_EVENING });
  });

  it("when the partnership's zone has already reached tomorrow, then today's UTC date is in the past", async () => {
    services.repos.partnerships.update(
      seeded.partnershipId,
      { timeZone: "Pacific/Auckland" },
      LATE_EVENING,
    );
    const error = await refusal(
      services.commitments.save(CORA, undefined, input({ dueDate: "2026-11-30" }), LATE_EVENING),
    );
    expect(error).toMatchObject({ code: "invalid_input", field: "due_date" });
    expect(error.message).toBe(
      "The due date 2026-11-30 is in the past (today is 2026-12-01 in Pacific/Auckland).",
    );
    expect(services.repos.commitments.list(seeded.partnershipId)).toEqual([]);
  });
});

describe("partners", () => {
  it("when a partner records for themselves, then it is stored; for their colleague's organization, then refused on the organization field", async () => {
    const own = await services.commitments.save(PAT, undefined, input(), LATE_EVENING);
    expect(own.created).toBe(true);
    const error = await refusal(
      services.commitments.save(
        PAT,
        undefined,
        input({ organizationId: String(seeded.orgs.river) }),
        LATE_EVENING,
      ),
    );
    expect(error).toMatchObject({ code: "forbidden", field: "organization" });
    expect(services.repos.commitments.list(seeded.partnershipId)).toHaveLength(1);
  });
});

describe("objective validation", () => {
  it("when numbers arrive as text, then they are parsed; a baseline without an indicator is refused", () => {
    expect(
      validateObjective({
        title: "  Water  ",
        indicator: "Households",
        baseline: "1200.5",
        target: 5000,
        targetDate: "2027-01-31",
      }),
    ).toEqual({
      title: "Water",
      indicator: "Households",
      unit: null,
      baseline: 1200.5,
      target: 5000,
      targetDate: "2027-01-31",
    });
    expect(() => validateObjective({ title: "Water", baseline: "3" })).toThrow(
      /To set a baseline, say what is measured/,
    );
    expect(() => validateObjective({ title: "Water", targetDate: "2027-02-30" })).toThrow(
      /must be a date like/,
    );
    expect(() => validateObjective({ title: "Water", indicator: "x", target: "Infinity" })).toThrow(
      /must be a number/,
    );
  });
});
