/**
 * Where the documentation is for someone reading a hint: a user's registry
 * has no docs/ directory, so hints name the published page, never a path.
 */
export const DOCS_URL = 'https://github.com/modelreg/modelreg/blob/main/docs';

/** A section of docs/contract.md, e.g. contractDocUrl('command-errors'); the anchor is GitHub's slug of the heading. */
export function contractDocUrl(anchor?: string): string {
  return `${DOCS_URL}/contract.md${anchor ? `#${anchor}` : ''}`;
}
