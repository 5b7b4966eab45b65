/**
 * Offsets in a file's text to 1-based line and column, counted from the text
 * itself. NOTE: the yaml package's LineCounter only hears of line breaks the
 * parser emits as tokens; those inside a token it could not place (a block
 * scalar's content after a syntax error) are missed, and every later position
 * lands on a line too early with a column past the line's end.
 */
import type { Position } from '../domain/findings.js';

/** Lines are `\n`-separated (as git, GitHub and editors number them); columns count UTF-16 code units. */
export function positionsIn(text: string): (offset: number) => Position {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - lineStarts[low]! + 1 };
  };
}
