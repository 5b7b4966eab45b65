/** The progress line of a download (pure): bytes, rate and, when the total is known, percent and ETA. */

export function progressLine(bytes: number, total: number | undefined, seconds: number): string {
  const rate = seconds > 0 ? bytes / seconds : 0;
  const parts = [
    total !== undefined ? `${formatBytes(bytes)} / ${formatBytes(total)}` : formatBytes(bytes),
    `${formatBytes(rate)}/s`,
  ];
  if (total !== undefined && total > 0) {
    const fraction = Math.min(1, bytes / total);
    const width = 20;
    const filled = Math.round(fraction * width);
    parts.unshift(
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
    );
    if (rate > 0 && bytes < total) parts.push(`ETA ${formatDuration((total - bytes) / rate)}`);
  }
  return parts.join('  ');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
