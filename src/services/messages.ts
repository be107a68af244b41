/**
 * What a prompt message and a blocker message show, read from the database: the outbox sends and
 * re-sends them, and a change rewrites them in place (`effects.ts`).
 */
import type { BlockerDetail } from "../db/repositories/blockers.js";
import type { PromptRow } from "../db/repositories/outbox.js";
import { couldHelpShown } from "./couldHelp.js";
import type { ServiceKit } from "./kit.js";
import type { BlockerMessage, LastCheckIn, PromptMessage } from "./ports.js";

/**
 * Everything a prompt shows, read from the database: the commitment, its organization and
 * objectives, and the last check-in (the newest `check_ins` row; without one, the commitment's
 * own status and progress, e.g. from an import). undefined when the prompt is unknown.
 */
export function buildPromptMessage(kit: ServiceKit, promptId: number): PromptMessage | undefined {
  return promptMessagesOf(kit.repos.prompts.promptRows([promptId])).get(promptId);
}

/** The messages of prompt rows already read (the send step reads a claimed batch's at once). */
export function promptMessagesOf(rows: readonly PromptRow[]): Map<number, PromptMessage> {
  const messages = new Map<number, PromptMessage>();
  for (const row of rows) {
    const checkIn = row.lastCheckIn;
    let last: LastCheckIn | null = null;
    if (checkIn !== null) {
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
    messages.set(row.promptId, {
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
      objectives: row.objectives,
      last,
    });
  }
  return messages;
}

/** A blocker as its channel message shows it. */
export function blockerMessage(
  kit: ServiceKit,
  partnershipId: number,
  blockerId: number,
): { message: BlockerMessage; detail: BlockerDetail } | undefined {
  const detail = kit.repos.blockers.detail(partnershipId, blockerId);
  if (detail === undefined) return undefined;
  const helpers = [
    ...new Set([
      ...(detail.helperUserId === null ? [] : [detail.helperUserId]),
      ...kit.repos.blockers.helpers(partnershipId, blockerId),
    ]),
  ];
  const message: BlockerMessage = {
    blockerId: detail.id,
    partnershipName: detail.partnershipName,
    text: detail.text,
    commitmentTitle: detail.commitmentTitle,
    organizationName: detail.organizationName,
    ownerUserId: detail.ownerUserId,
    raisedAt: detail.createdAt,
    couldHelp: couldHelpShown(detail.couldHelpUserId, detail.couldHelpOrganizationName),
    helperUserIds: helpers,
    resolved:
      detail.state === "resolved"
        ? {
            byUserId: detail.resolvedByUserId ?? "",
            at: detail.resolvedAt ?? detail.createdAt,
            resolution: detail.resolution ?? "",
          }
        : null,
  };
  return { message, detail };
}
