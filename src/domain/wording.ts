/**
 * What the app tells a person, without saying how it looks. A service or rule writes a sentence
 * as words and marked parts (a command to type, a button's label, a name someone wrote, a
 * person, a moment); each surface renders it: Slack as escaped mrkdwn (src/slack/views/wording.ts),
 * a modal's inline error as plain text, the terminal and the log with `textOf` below. No layer
 * under src/slack/ writes mrkdwn, so none has to undo it.
 */
import { truncate } from "./text.js";

export type Part =
  /** Words, shown as written (a renderer escapes them where its format needs it). */
  | string
  /** Something to type or copy exactly, shown literally: `/poc org add <name>`, a scope's name. */
  | { readonly kind: "literal"; readonly text: string }
  /** The label of a button or choice the person can press: *On track*. */
  | { readonly kind: "button"; readonly text: string }
  /** A name or title someone wrote, quoted on one line and cut at `max` characters. */
  | { readonly kind: "quoted"; readonly text: string; readonly max: number }
  /** What the person typed, shown literally on one line, cut at 60 characters. */
  | { readonly kind: "typed"; readonly text: string }
  /** A Slack user, by id (a validated id, never typed text). */
  | { readonly kind: "person"; readonly id: string }
  /** A Slack channel, by id. */
  | { readonly kind: "channel"; readonly id: string }
  /** A moment, shown in the reader's own time zone where the surface can. */
  | { readonly kind: "time"; readonly at: number };

export type Wording = readonly Part[];

type Piece = Part | Wording | number;

/** A sentence from a template: `say\`No commitment #${id}. ${literal("/poc mine")} lists yours.\``. */
export function say(strings: TemplateStringsArray, ...pieces: readonly Piece[]): Wording {
  const parts: Part[] = [];
  strings.forEach((literal, i) => {
    append(parts, literal);
    if (i < pieces.length) append(parts, pieces[i] as Piece);
  });
  return parts;
}

/** A message as wording: a string is words as they are. */
export function wordingOf(message: string | Wording): Wording {
  return typeof message === "string" ? [message] : message;
}

/** Items between separators: "a, b and 3 more". */
export function joined(items: readonly Wording[], separator: string): Wording {
  const parts: Part[] = [];
  items.forEach((item, i) => {
    if (i > 0) append(parts, separator);
    append(parts, item);
  });
  return parts;
}

export const literal = (text: string): Part => ({ kind: "literal", text });
export const button = (text: string): Part => ({ kind: "button", text });
export const quoted = (text: string, max = 80): Part => ({ kind: "quoted", text, max });
export const typed = (text: string): Part => ({ kind: "typed", text });
export const person = (id: string): Part => ({ kind: "person", id });
export const channel = (id: string): Part => ({ kind: "channel", id });
export const time = (at: number): Part => ({ kind: "time", at });

/** A quoted name's text: one line, trimmed, cut at `max` characters. */
export function quotedText(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, " ").trim(), max);
}

/** What was typed: one line, trimmed, backticks made quotes (so it stays one code span), cut at 60. */
export function typedText(text: string): string {
  return truncate(text.replace(/`/g, "'").replace(/\s+/g, " ").trim(), 60);
}

type Marked = Exclude<Part, string>;

/** How one surface shows each kind of part. */
export type Renderer = { readonly words: (text: string) => string } & {
  readonly [K in Marked["kind"]]: (part: Extract<Marked, { kind: K }>) => string;
};

export function render(wording: Wording, renderer: Renderer): string {
  return wording.map((part) => partText(part, renderer)).join("");
}

function partText(part: Part, r: Renderer): string {
  if (typeof part === "string") return r.words(part);
  switch (part.kind) {
    case "literal":
      return r.literal(part);
    case "button":
      return r.button(part);
    case "quoted":
      return r.quoted(part);
    case "typed":
      return r.typed(part);
    case "person":
      return r.person(part);
    case "channel":
      return r.channel(part);
    default:
      return r.time(part);
  }
}

/** Text without marks: names on one line and cut short, people and channels as Slack ids. */
export const PLAIN: Renderer = {
  words: (text) => text,
  literal: (p) => p.text,
  button: (p) => p.text,
  quoted: (p) => quotedText(p.text, p.max),
  typed: (p) => typedText(p.text),
  person: (p) => `<@${p.id}>`,
  channel: (p) => `<#${p.id}>`,
  time: (p) => new Date(p.at).toISOString(),
};

/**
 * The wording as text for the terminal and the log: as PLAIN, with literals and typed text in
 * backticks (as Markdown readers expect).
 */
export function textOf(wording: Wording): string {
  return render(wording, TERMINAL);
}

const TERMINAL: Renderer = {
  ...PLAIN,
  literal: (p) => `\`${p.text}\``,
  typed: (p) => `\`${typedText(p.text)}\``,
};

function append(parts: Part[], piece: Piece): void {
  if (typeof piece === "number") {
    append(parts, String(piece));
  } else if (Array.isArray(piece)) {
    for (const part of piece as Wording) append(parts, part);
  } else if (typeof piece === "string") {
    if (piece === "") return;
    const last = parts.length - 1;
    if (typeof parts[last] === "string") parts[last] = `${parts[last]}${piece}`;
    else parts.push(piece);
  } else {
    parts.push(piece as Part);
  }
}
