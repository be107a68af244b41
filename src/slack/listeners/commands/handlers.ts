/** Which handler answers which `/poc` subcommand; a name missing here is "not available yet". */
import { agendaCommand } from "./agenda.js";
import { awayCommand } from "./away.js";
import { blockerCommand } from "./blocker.js";
import { blockersCommand } from "./blockers.js";
import { checkinCommand } from "./checkin.js";
import { commitCommand } from "./commit.js";
import { decisionCommand } from "./decision.js";
import { digestCommand } from "./digest.js";
import { exportCommand } from "./export.js";
import { memberCommand } from "./member.js";
import { mineCommand } from "./mine.js";
import { objectiveCommand } from "./objective.js";
import { orgCommand } from "./org.js";
import { settingsCommand } from "./settings.js";
import { setupCommand } from "./setup.js";
import { statusCommand } from "./status.js";
import type { SubcommandHandler } from "./types.js";

export const HANDLERS: Readonly<Record<string, SubcommandHandler>> = {
  setup: setupCommand,
  org: orgCommand,
  member: memberCommand,
  objective: objectiveCommand,
  commit: commitCommand,
  mine: mineCommand,
  status: statusCommand,
  settings: settingsCommand,
  checkin: checkinCommand,
  away: awayCommand,
  blockers: blockersCommand,
  blocker: blockerCommand,
  digest: digestCommand,
  agenda: agendaCommand,
  decision: decisionCommand,
  export: exportCommand,
};
