/**
 * Machine-readable trailers in modelreg's commit messages, so history can be
 * read back without parsing prose. Format and parse round-trip.
 */
export interface ChangeTrailers {
  readonly action: 'register' | 'promote' | 'rollback' | 'deprecate';
  readonly model: string;
  readonly version: string;
  readonly from?: string;
  readonly to?: string;
}

const KEYS = {
  action: 'Modelreg-Action',
  model: 'Modelreg-Model',
  version: 'Modelreg-Version',
  from: 'Modelreg-From',
  to: 'Modelreg-To',
} as const;

export function formatTrailers(trailers: ChangeTrailers): string {
  const lines = [`${KEYS.action}: ${trailers.action}`, `${KEYS.model}: ${trailers.model}`, `${KEYS.version}: ${trailers.version}`];
  if (trailers.from !== undefined) lines.push(`${KEYS.from}: ${trailers.from}`);
  if (trailers.to !== undefined) lines.push(`${KEYS.to}: ${trailers.to}`);
  return lines.join('\n');
}

/** Every modelreg trailer block in a message (a squash merge may carry several). */
export function parseTrailers(message: string): ChangeTrailers[] {
  const found: ChangeTrailers[] = [];
  let current: Record<string, string> = {};
  const flush = () => {
    const action = current[KEYS.action];
    if ((action === 'register' || action === 'promote' || action === 'rollback' || action === 'deprecate') && current[KEYS.model] && current[KEYS.version]) {
      found.push({
        action,
        model: current[KEYS.model]!,
        version: current[KEYS.version]!,
        ...(current[KEYS.from] !== undefined ? { from: current[KEYS.from] } : {}),
        ...(current[KEYS.to] !== undefined ? { to: current[KEYS.to] } : {}),
      });
    }
    current = {};
  };
  for (const line of message.split('\n')) {
    const match = /^(Modelreg-[A-Za-z]+):\s*(.+?)\s*$/.exec(line);
    if (!match) continue;
    if (match[1] === KEYS.action && current[KEYS.action] !== undefined) flush();
    current[match[1]!] = match[2]!;
  }
  flush();
  return found;
}

export function commitMessage(subject: string, body: string | undefined, trailers: ChangeTrailers): string {
  return [subject, '', ...(body ? [body, ''] : []), formatTrailers(trailers), ''].join('\n');
}
