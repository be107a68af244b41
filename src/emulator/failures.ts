/**
 * Failure injection: tests and the demo script Slack's bad days (429s, 500s, platform errors)
 * against particular methods, users or channels.
 */
import type { FailRule } from "./types.js";

interface ActiveRule {
  rule: FailRule;
  remaining: number;
}

/** What a call is about, for matching: its method and the users/channels it names. */
export interface CallSubject {
  method: string;
  users: string[];
  channels: string[];
}

export class FailureRules {
  private rules: ActiveRule[] = [];

  add(rule: FailRule, defaultTimes: number): () => void {
    const active: ActiveRule = { rule, remaining: rule.times ?? defaultTimes };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((r) => r !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule (oldest first) matching the call; using it counts its `times` down. */
  take(subject: CallSubject): FailRule | undefined {
    const active = this.rules.find((r) => r.remaining > 0 && matches(r.rule, subject));
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
    return active.rule;
  }
}

function matches(rule: FailRule, subject: CallSubject): boolean {
  if (rule.method !== subject.method) return false;
  if (rule.user !== undefined && !subject.users.includes(rule.user)) return false;
  if (rule.channel !== undefined && !subject.channels.includes(rule.channel)) return false;
  return true;
}
