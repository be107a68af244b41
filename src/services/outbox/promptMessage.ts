import type { ServiceKit } from "../kit.js";
import type { LastCheckIn, PromptMessage } from "../ports.js";

/**
 * Everything a prompt shows, read from the database: the commitment, its organization and
 * objectives, and the last check-in (the newest `check_ins` row; without one, the commitment's
 * own status and progress, e.g. from an import). undefined when the prompt is unknown.
 */
export function buildPromptMessage(kit: ServiceKit, promptId: number): PromptMessage | undefined {
  const queries = kit.repos.prompts;
  const row = queries.messageRow(promptId);
  if (row === undefined) return undefined;
  const checkIn = queries.lastCheckIn(row.commitmentId);
  let last: LastCheckIn | null = null;
  if (checkIn !== undefined) {
    last = {
      status: checkIn.status,
      progress: checkIn.progress,
      whatMoved: checkIn.whatMoved,
      nextStep: checkIn.nextStep,
      at: checkIn.at,
    };
  } else if (row.currentStatus !== null) {
    last = {
      status: row.currentStatus,
      progress: row.progress,
      whatMoved: null,
      nextStep: null,
      at: row.lastCheckInAt ?? row.dueAt,
    };
  }
  return {
    promptId: row.promptId,
    periodKey: row.periodKey,
    dueAt: row.dueAt,
    ownerUserId: row.ownerUserId,
    partnershipName: row.partnershipName,
    channelId: row.channelId,
    commitment: {
      id: row.commitmentId,
      title: row.title,
      organizationName: row.organizationName,
      dueDate: row.dueDate,
      cadence: row.cadence,
    },
    objectives: queries.objectivesOf(row.commitmentId),
    last,
  };
}
