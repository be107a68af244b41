/** Shortens text to at most `max` characters (counting code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  // UTF-16 length >= code points: a short string is returned without splitting it.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
