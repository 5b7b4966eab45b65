/**
 * Text widths for the catalog's SVG, measured at build time without a browser: the SVG sets its
 * own font (DejaVu Sans, and Verdana-metric fallbacks) and boxes are sized from that font's
 * advance widths, so a label fits its box whatever the reader's page font is.
 */

/** The SVG's font. DejaVu Sans is among the widest sans fonts: a fallback renders narrower, never wider. */
export const SVG_FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

// NOTE: advance widths in thousandths of an em for U+0020–U+007E, measured in Chromium with canvas
// measureText of DejaVu Sans 2.37 at 1000 px (Book and Bold). Regenerate if SVG_FONT_FAMILY changes.
const BOOK = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
  837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
  678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
  365, 712, 838,
];
/** Anything outside ASCII counts an em and a quarter: wider than CJK, accented Latin and most emoji. */
const OTHER = 1250;

export type FontWeight = 'normal' | 'bold';

/**
 * The width in px of `text` set in the SVG font at `size` px, rounded up. NOTE: at 10–12 px the
 * browser draws some letters up to 3.5% wider than their outline advance (hinting: A, T), hence the 5%.
 */
export function textWidth(text: string, size: number, weight: FontWeight = 'normal'): number {
  const table = weight === 'bold' ? BOLD : BOOK;
  let thousandths = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    thousandths += code >= 32 && code <= 126 ? table[code - 32]! : OTHER;
  }
  return Math.ceil((thousandths / 1000) * size * 1.05) + 1;
}

/**
 * `text` shortened with "…" until it is at most `maxWidth` px wide. In the middle by default: the
 * start (a scheme, a bucket) and the end (a date, a commit) are what tell data sets apart; at the
 * end for versions, whose release numbers come first.
 */
export function fitText(
  text: string,
  maxWidth: number,
  size: number,
  weight: FontWeight = 'normal',
  cut: 'middle' | 'end' = 'middle',
): string {
  if (textWidth(text, size, weight) <= maxWidth) return text;
  const chars = [...text];
  let keep = chars.length - 1;
  while (keep > 1) {
    const head = cut === 'end' ? keep : Math.ceil(keep / 3);
    const candidate = `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (keep - head)).join('')}`;
    if (textWidth(candidate, size, weight) <= maxWidth) return candidate;
    keep--;
  }
  return '…';
}
