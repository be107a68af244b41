/**
 * Hand-made digest input for the pure digest tests: a partnership "Water for All" (UTC) with two
 * organizations (Acme, River) and two members (Pat of Acme, Priya of River), and row builders
 * whose defaults each test overrides where its story needs.
 */
import type {
  DigestCommitmentRow,
  DigestInput,
  DigestObjectiveRow,
  DigestPartnershipRow,
} from "../../src/domain/digest.js";

export const ms = (iso: string): number => Date.parse(iso);

export const PARTNERSHIP: DigestPartnershipRow = {
  id: 1,
  name: "Water for All",
  channelId: "C1",
  timeZone: "UTC",
  createdAt: 0,
  silentThreshold: 2,
};

/** The input at `now`: the partnership, its organizations and members, nothing else. */
export function digestInput(now: number, overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    now,
    partnership: PARTNERSHIP,
    organizations: [
      { id: 1, name: "Acme", sector: "business", removedAt: null },
      { id: 2, name: "River", sector: "civil_society", removedAt: null },
    ],
    members: [
      { id: 1, slackUserId: "U1", displayName: "Pat", organizationId: 1, removedAt: null },
      { id: 2, slackUserId: "U2", displayName: "Priya", organizationId: 2, removedAt: null },
    ],
    objectives: [],
    commitments: [],
    links: [],
    checkIns: [],
    prompts: [],
    silentOwners: [],
    blockers: [],
    helpers: [],
    decisions: [],
    ...overrides,
  };
}

/** An active commitment of Acme's, owned by Pat, created on 2026-01-01. */
export function commitmentRow(
  id: number,
  overrides: Partial<DigestCommitmentRow> = {},
): DigestCommitmentRow {
  return {
    id,
    title: `Commitment ${id}`,
    organizationId: 1,
    ownerMemberId: 1,
    state: "active",
    dueDate: null,
    currentStatus: null,
    progress: null,
    lastCheckInAt: null,
    createdAt: ms("2026-01-01T00:00:00Z"),
    closedAt: null,
    ...overrides,
  };
}

/** An active objective without an indicator. */
export function objectiveRow(
  id: number,
  overrides: Partial<DigestObjectiveRow> = {},
): DigestObjectiveRow {
  return {
    id,
    title: `Objective ${id}`,
    indicator: null,
    unit: null,
    baseline: null,
    target: null,
    targetDate: null,
    state: "active",
    ...overrides,
  };
}
