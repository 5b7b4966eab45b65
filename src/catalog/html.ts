/** Small HTML helpers for the catalog pages. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A table (or other wide content) that scrolls sideways inside its own box on a narrow screen
 * instead of widening the page; focusable so keyboard users can scroll it too.
 */
export function scrollRegion(label: string, html: string): string {
  return `<div class="scroll-x" tabindex="0" role="region" aria-label="${escapeHtml(label)}">${html}</div>`;
}

export function page(options: { title: string; depth: number; body: string; script?: boolean }): string {
  const root = options.depth === 0 ? './' : '../'.repeat(options.depth);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}assets/catalog.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><a href="${root}index.html" class="brand">Model catalog</a></header>
<main id="main">
${options.body}
</main>
${options.script ? `<script src="${root}assets/catalog.js"></script>` : ''}
</body>
</html>
`;
}
