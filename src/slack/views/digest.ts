import type { KnownBlock } from "@slack/types";
import type { Digest } from "../../domain/digest.js";

export interface RenderedMessage {
  /** The plain-text fallback (notifications, clients without blocks). */
  readonly text: string;
  readonly blocks: KnownBlock[];
}

export interface RenderedDigest {
  /** The channel message: headline numbers, the chart with its figures in text, changes, gaps, blockers needing help. */
  readonly parent: RenderedMessage;
  /** Thread replies: per-objective detail, the full blocker list, learnings; each within limits. */
  readonly replies: readonly RenderedMessage[];
}

/** Placeholder until the digest rendering slice lands. */
export function renderDigest(_digest: Digest, _options: { chart: boolean }): RenderedDigest {
  return { parent: { text: "", blocks: [] }, replies: [] };
}
