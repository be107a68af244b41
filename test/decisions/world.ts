/**
 * A partnership with something for every agenda topic and tricky text for the export:
 * one off-track commitment (Acme, owned by Pat) serving "Clean wells"; objective "Teach
 * hygiene" served by nothing (a gap); River NGO with no commitment (a gap); a blocker open ten
 * days (past the 7-day escalation) and one opened yesterday (not yet); a decision due yesterday
 * and one due next year; a learning three days old and one six weeks old.
 */
import type { TestApp } from "../support/app.js";
import { NOW, type Seeded, seedPartnership } from "../support/seed.js";

const DAY = 86_400_000;

export const HOSTILE_TITLE = 'Pipes, "valves" & <!channel>\nзапуск 水の計画';
export const HOSTILE_MOVED =
  'Laid 3 km, then "tested"; next:\nflush, chlorinate — Ελληνικά, العربية';
export const HOSTILE_BLOCKER = 'Customs hold, "form B-7" missing\nγραφειοκρατία <@U0COORD>';

export interface World extends Seeded {
  readonly commitmentId: number;
  readonly gapObjectiveId: number;
  readonly oldBlockerId: number;
  readonly newBlockerId: number;
  readonly dueDecisionId: number;
  readonly laterDecisionId: number;
}

export function seedWorld(t: TestApp, channelId?: string): World {
  const services = t.poc.services;
  const seeded = seedPartnership(services, channelId);
  const { repos } = services;
  const pid = seeded.partnershipId;
  const objective = (title: string) =>
    repos.objectives.create({ partnershipId: pid, title, createdAt: NOW, updatedAt: NOW }).id;
  const served = objective("Clean wells");
  const gapObjectiveId = objective("Teach hygiene");
  const commitment = repos.commitments.create(
    {
      partnershipId: pid,
      organizationId: seeded.orgs.acme,
      ownerMemberId: seeded.members.pat,
      title: HOSTILE_TITLE,
      cadence: "weekly",
      checkInWeekday: 1,
      checkInTime: "10:00",
      startedAt: NOW - 60 * DAY,
      createdBy: "U0COORD",
      createdAt: NOW - 60 * DAY,
      updatedAt: NOW - 60 * DAY,
    },
    [served],
  );
  const checkIn = (
    periodKey: string,
    at: number,
    learning: string,
    status: "on_track" | "off_track",
  ) =>
    repos.checkIns.upsert({
      commitmentId: commitment.id,
      periodKey,
      authorMemberId: seeded.members.pat,
      status,
      progress: 0.25,
      whatMoved: HOSTILE_MOVED,
      nextStep: "Order valves",
      learning,
      createdAt: at,
      editedAt: null,
    });
  checkIn("2026-W42", NOW - 42 * DAY, "Old lesson about trucks", "on_track");
  const latest = checkIn("2026-W48", NOW - 3 * DAY, "Valves need 2 weeks lead time", "off_track");
  const blocker = (text: string, at: number) =>
    repos.blockers.create({
      commitmentId: commitment.id,
      checkInId: latest.id,
      text,
      raisedByMemberId: seeded.members.pat,
      createdAt: at,
    }).id;
  const oldBlockerId = blocker(HOSTILE_BLOCKER, NOW - 10 * DAY);
  const newBlockerId = blocker("Truck is late", NOW - 1 * DAY);
  const decision = (text: string, dueDate: string | null, owner: number | null) =>
    repos.overview.insertDecision({
      partnershipId: pid,
      text,
      ownerMemberId: owner,
      dueDate,
      createdBy: "U0COORD",
      createdAt: NOW - 7 * DAY,
    }).id;
  const dueDecisionId = decision("Pick the valve supplier", "2026-11-29", seeded.members.priya);
  const laterDecisionId = decision("Review the budget", "2027-06-01", null);
  return {
    ...seeded,
    commitmentId: commitment.id,
    gapObjectiveId,
    oldBlockerId,
    newBlockerId,
    dueDecisionId,
    laterDecisionId,
  };
}
