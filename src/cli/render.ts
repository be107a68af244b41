/**
 * Renders Block Kit as readable plain text for the demo transcript: headers underlined, sections
 * and fields as lines, buttons in brackets, inputs as labelled blanks. mrkdwn escapes are undone
 * and mentions shown by name, so the text reads as a person would see it in Slack.
 */
type Json = Record<string, unknown>;

export interface RenderOptions {
  /** Display name for a Slack user id, for `<@U123>` mentions. */
  readonly userName?: (id: string) => string | undefined;
  readonly indent?: string;
  /** The reader's IANA zone: `<!date^…>` renders in it, as Slack does. */
  readonly zone?: string;
}

/** Slack renders emoji shortcodes; a terminal shows the common ones as characters. */
const EMOJI: Record<string, string> = {
  large_green_circle: "🟢",
  large_yellow_circle: "🟡",
  red_circle: "🔴",
  white_check_mark: "✅",
  white_circle: "⚪",
  no_entry: "⛔",
  warning: "⚠️",
  x: "❌",
  information_source: "ℹ️",
  mag: "🔍",
  grey_question: "❔",
  memo: "📝",
  construction: "🚧",
  new: "🆕",
  mute: "🔇",
  tada: "🎉",
  zzz: "💤",
  alarm_clock: "⏰",
  wave: "👋",
  palm_tree: "🌴",
  lock: "🔒",
  rotating_light: "🚨",
  raised_hands: "🙌",
  wastebasket: "🗑️",
  outbox_tray: "📤",
};

function localTime(at: number, zone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
  return `${text} (${zone})`;
}

function textOf(value: unknown): string {
  if (value && typeof value === "object" && "text" in value) {
    return String((value as Json).text ?? "");
  }
  return "";
}

export function mrkdwnToText(text: string, options: RenderOptions = {}): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => {
      return `@${options.userName?.(id) ?? label ?? id}`;
    })
    .replace(
      /<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_m, id: string, label?: string) => `#${label ?? options.userName?.(id) ?? id}`,
    )
    .replace(/<!date\^(\d+)\^[^|>]*\|([^>]*)>/g, (_m, epoch: string, fallback: string) =>
      options.zone ? localTime(Number(epoch) * 1000, options.zone) : fallback,
    )
    .replace(/<!(here|channel|everyone)>/g, "@$1")
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/:([a-z_]+):/g, (m, code: string) => EMOJI[code] ?? m)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function element(el: Json, options: RenderOptions): string {
  switch (el.type) {
    case "button":
      return `[${textOf(el.text)}]`;
    case "static_select":
    case "external_select":
    case "users_select":
    case "conversations_select":
    case "channels_select":
    case "multi_static_select":
    case "multi_users_select":
      return `[${textOf(el.initial_option && (el.initial_option as Json).text) || textOf(el.placeholder) || "choose"} ▾]`;
    case "plain_text_input":
    case "number_input":
      return `[${String(el.initial_value ?? "") || "_______"}]`;
    case "datepicker":
      return `[${String(el.initial_date ?? "") || "date"} ▾]`;
    case "timepicker":
      return `[${String(el.initial_time ?? "") || "time"} ▾]`;
    case "overflow":
      return "[…]";
    case "mrkdwn":
      return mrkdwnToText(String(el.text ?? ""), options);
    case "plain_text":
      return String(el.text ?? "");
    case "image":
      return `(image: ${String(el.alt_text ?? "")})`;
    default:
      return `[${String(el.type)}]`;
  }
}

function block(b: Json, options: RenderOptions): string[] {
  switch (b.type) {
    case "header": {
      const t = textOf(b.text);
      return [t.toUpperCase(), "─".repeat(Math.min(60, Array.from(t).length))];
    }
    case "section": {
      const lines: string[] = [];
      if (b.text) lines.push(element(b.text as Json, options));
      if (Array.isArray(b.fields)) {
        for (const f of b.fields as Json[]) lines.push(`  ${element(f, options)}`);
      }
      if (b.accessory) lines.push(`  ${element(b.accessory as Json, options)}`);
      return lines.join("\n").split("\n");
    }
    case "context":
      return [`  ${((b.elements as Json[]) ?? []).map((e) => element(e, options)).join("  ·  ")}`];
    case "divider":
      return ["────"];
    case "actions":
      return [((b.elements as Json[]) ?? []).map((e) => element(e, options)).join(" ")];
    case "input": {
      const label = textOf(b.label);
      const optional = b.optional ? " (optional)" : "";
      return [`${label}${optional}: ${element((b.element as Json) ?? {}, options)}`];
    }
    case "data_visualization":
      return chartLines(b);
    default:
      return [`[${String(b.type)} block]`];
  }
}

const BAR_GLYPHS = ["█", "▓", "▒", "░", "▚", "▞"];
/** The longest bar, in characters: larger figures are scaled down to fit a terminal. */
const BAR_WIDTH = 40;

/**
 * A chart as a small text chart: one row per category, a stacked bar (one glyph per unit, scaled
 * down when the largest row would not fit) and the figures in legend order.
 */
function chartLines(b: Json): string[] {
  const chart = (b.chart ?? {}) as {
    series?: { name: string; data: { label: string; value: number }[] }[];
    axis_config?: { categories?: string[] };
    segments?: { label: string; value: number }[];
  };
  const lines = [`📊 ${String(b.title ?? "chart")}`];
  if (chart.segments) {
    for (const seg of chart.segments) lines.push(`  ${seg.label}: ${seg.value}`);
    return lines;
  }
  const series = chart.series ?? [];
  const categories = chart.axis_config?.categories ?? [];
  const glyph = (i: number) => BAR_GLYPHS[i % BAR_GLYPHS.length] ?? "#";
  lines.push(`  ${series.map((sr, i) => `${glyph(i)} ${sr.name}`).join("  ")}`);
  const rows = categories.map((category) =>
    series.map((sr) => sr.data.find((d) => d.label === category)?.value ?? 0),
  );
  const largest = Math.max(1, ...rows.map((values) => values.reduce((a, v) => a + v, 0)));
  const scale = largest > BAR_WIDTH ? BAR_WIDTH / largest : 1;
  const bars = rows.map((values) =>
    values.map((v, i) => glyph(i).repeat(Math.max(0, Math.round(v * scale)))).join(""),
  );
  const width = Math.max(...categories.map((c) => c.length), 1);
  const barWidth = Math.max(1, ...bars.map((bar) => Array.from(bar).length));
  categories.forEach((category, i) => {
    const values = rows[i] ?? [];
    const bar = bars[i] || "·";
    const figures = values.every((v) => v === 0) ? "nothing yet" : values.join("/");
    lines.push(
      `  ${category.padEnd(width)} ${bar}${" ".repeat(barWidth - Array.from(bar).length)}  ${figures}`,
    );
  });
  if (scale < 1) lines.push(`  (one glyph ≈ ${Math.round((1 / scale) * 10) / 10})`);
  return lines;
}

export function renderBlocks(blocks: readonly unknown[], options: RenderOptions = {}): string {
  const indent = options.indent ?? "";
  return blocks
    .flatMap((b) => block(b as Json, options))
    .map((line) => `${indent}${line}`)
    .join("\n");
}
