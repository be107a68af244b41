/** What the check-ins use cases take and give back: the forms, the inputs and the results. */
import type { CheckIn } from "../../db/schema.js";
import type { ProgressMeasure } from "../../domain/progress.js";
import type { Status } from "../../domain/types.js";
import type { CouldHelpChoices } from "../couldHelp.js";
import type { Effects } from "../effects.js";

/** How the form asks for progress: the commitment's progress measure, with its objective's title. */
export type ProgressMode =
  | { readonly kind: "percent" }
  | (Extract<ProgressMeasure, { kind: "indicator" }> & { readonly objectiveTitle: string });

export interface CheckInForm {
  /** The prompt being answered, when there is one for the period. */
  readonly promptId: number | null;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly organizationName: string;
  readonly partnershipName: string;
  readonly objectives: readonly string[];
  readonly periodKey: string;
  /** The period asked about has ended (a late answer). */
  readonly late: boolean;
  /** A check-in exists for the period: the modal edits it. */
  readonly editing: boolean;
  readonly progress: ProgressMode;
  readonly initial: {
    readonly status: Status | null;
    readonly progress: number | null;
    readonly whatMoved: string | null;
    readonly nextStep: string | null;
    readonly learning: string | null;
    readonly blocker: string | null;
    /** "user:U…" or "org:<id>". */
    readonly couldHelp: string | null;
  };
  readonly choices: CouldHelpChoices;
}

/** What the modal sends back as private_metadata: never trusted, every id is checked again. */
export interface CheckInTarget {
  readonly promptId?: number | undefined;
  readonly commitmentId: number;
  readonly periodKey: string;
}

/** What arrives from the modal, as sent. */
export interface CheckInInput {
  readonly status: string | undefined;
  readonly progress: string;
  readonly whatMoved: string;
  readonly nextStep: string;
  readonly blocker: string;
  readonly couldHelp: string | undefined;
  readonly learning: string;
}

export interface CheckInRecorded {
  readonly checkIn: CheckIn;
  readonly created: boolean;
  /** The check-in said *done*: the commitment is closed. */
  readonly closed: boolean;
  readonly commitmentId: number;
  readonly commitmentTitle: string;
  readonly periodKey: string;
  readonly late: boolean;
  /** The prompt message that will show the result, if the period had one in Slack. */
  readonly promptMessage: boolean;
  readonly blockerId: number | null;
  readonly effects: Effects;
}

export interface PickableCommitment {
  readonly id: number;
  readonly title: string;
  readonly organizationName: string;
  readonly partnershipName: string;
}

export type CheckInStart =
  | { readonly kind: "form"; readonly form: CheckInForm }
  | { readonly kind: "pick"; readonly commitments: readonly PickableCommitment[] };

export interface Snoozed {
  readonly promptId: number;
  readonly until: number;
  readonly zone: string;
  readonly effects: Effects;
}

export interface AwayForm {
  readonly promptId: number;
  readonly partnershipName: string;
  /** "YYYY-MM-DD" in the owner's zone. */
  readonly today: string;
  readonly until: string | null;
}

export interface AwayResult {
  /** null: away switched off. */
  readonly until: string | null;
  readonly partnerships: readonly { readonly name: string; readonly channelId: string }[];
  readonly skippedPrompts: number;
  readonly effects: Effects;
}
