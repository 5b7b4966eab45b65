/**
 * Text users typed (descriptions, reasons, tags, author names, commit
 * subjects, YAML keys quoted in findings), made inert in the GitHub-flavoured
 * Markdown we generate: no raw HTML, no links or images, no @mentions, no
 * table or code-span breakouts, no new blocks. What the reader sees is the
 * text as typed. The catalog (HTML) has its own escaping in catalog/html.ts.
 */

/** Characters with inline meaning (emphasis, code, links, tables, strikethrough); HTML's are entities. */
const INLINE = /[\\`*[\]|~]/g;
const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** "_" opens emphasis only at a word boundary; inside a name (f1_score) it is literal. */
const UNDERSCORE_AT_BOUNDARY = /(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/**
 * "@name" notifies that user or team in comments and issues (an e-mail
 * address is no mention). A zero-width space, as an entity so that the
 * Markdown source shows it, breaks the mention.
 */
const MENTION = /(?<![A-Za-z0-9_.+-])@(?=[A-Za-z0-9])/g;
/** A line that would start a heading, list, thematic break or setext underline (">" is already an entity). */
const BLOCK_START = /^(?:#|-|\+|=|\d+[.)])/;

/** One line of text after other text (a list item's, a heading's, a cell's): inline syntax escaped, line breaks as spaces. */
export function markdownText(text: string): string {
  return escapeInline(text.replace(/\r\n?|\n/g, ' '));
}

/** A table cell: like markdownText (pipes are escaped there too), never empty. */
export function markdownCell(text: string): string {
  const escaped = markdownText(text).trim();
  return escaped === '' ? '—' : escaped;
}

/** Several lines (a description): each stays a line of one paragraph, none starts a block or a code block. */
export function markdownBlock(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeInline(line.trimStart()).replace(BLOCK_START, blockStartEscaped))
    .join('\n')
    .trim();
}

/**
 * An inline code span holding `text` verbatim: the fence is longer than any
 * run of backticks inside, line breaks become spaces, and `|` is escaped
 * (inside a table GFM splits cells before it sees code spans).
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A repository path as the path part of a link: every segment percent-encoded. */
export function markdownLinkPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function escapeInline(text: string): string {
  return text
    .replace(/[&<>]/g, (char) => HTML[char]!)
    .replace(INLINE, (char) => `\\${char}`)
    .replace(UNDERSCORE_AT_BOUNDARY, '\\_')
    .replace(MENTION, '@&#8203;');
}

function blockStartEscaped(marker: string): string {
  // "1." and "1)" lists: escape the punctuation after the digits.
  return /^\d/.test(marker) ? `${marker.slice(0, -1)}\\${marker.slice(-1)}` : `\\${marker}`;
}
