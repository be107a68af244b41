/**
 * Reading the arguments of `/poc org …` and `/poc member …`: words (with "quoted phrases" kept
 * whole), Slack's own escaping undone, and people as Slack sends them.
 *
 * Slack escapes `&`, `<` and `>` in command text as `&amp;`, `&lt;`, `&gt;` and, because the
 * manifest sets `should_escape: true`, turns a picked mention into `<@U123|handle>` (or
 * `<@U123>`). A mention typed too fast for the picker arrives as plain `@handle`, and people
 * paste bare ids; all of these must name the same person.
 */
import type { UserRef } from "../../services/members.js";

export interface Token {
  /** The word, or the inside of a quoted phrase, with Slack's escaping undone. */
  readonly text: string;
  /** Typed in quotes: a phrase the person meant as one value. */
  readonly quoted: boolean;
}

const QUOTES: Readonly<Record<string, string>> = { '"': '"', "“": "”", "”": "”" };

/** Undoes Slack's escaping of `&`, `<`, `>` (`&amp;` last, so `&amp;lt;` stays `&lt;`). */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * Splits command text into words. A phrase in double quotes (straight or curly) is one token; so
 * is anything Slack wrapped in `<…>` (a mention or a link may hold spaces after the `|`).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const close = QUOTES[c];
    if (close !== undefined) {
      const end = text.indexOf(close, i + 1);
      // An unclosed quote reads to the end: the person clearly meant one phrase.
      const stop = end === -1 ? text.length : end;
      tokens.push({ text: unescapeSlack(text.slice(i + 1, stop).trim()), quoted: true });
      i = stop + 1;
      continue;
    }
    if (c === "<") {
      const end = text.indexOf(">", i + 1);
      if (end !== -1) {
        tokens.push({ text: text.slice(i, end + 1), quoted: false });
        i = end + 1;
        continue;
      }
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j] as string)) j += 1;
    tokens.push({ text: unescapeSlack(text.slice(i, j)), quoted: false });
    i = j;
  }
  return tokens;
}

/** The tokens as one phrase, words joined by single spaces. */
export function phrase(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join(" ");
}

const ESCAPED_MENTION = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/;
const BARE_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * A person as typed: an escaped mention or a bare id gives an id (a bare id may also be someone's
 * handle in capitals, so its name is kept to look up if the id is unknown); `@handle`, a handle
 * or a quoted full name gives a name to find in the workspace's user list. Undefined for text that
 * cannot name anyone (empty, a channel, a link).
 */
export function parseUserRef(token: Token): UserRef | undefined {
  const raw = token.text.trim();
  if (raw === "") return undefined;
  if (!token.quoted) {
    const escaped = ESCAPED_MENTION.exec(raw);
    if (escaped) return { typed: raw, id: escaped[1] as string };
    if (raw.startsWith("<")) return undefined;
    if (BARE_ID.test(raw)) return { typed: raw, id: raw, name: raw };
  }
  const name = raw.replace(/^@/, "").trim();
  if (name === "") return undefined;
  return { typed: raw, name };
}
