/**
 * Machine-readable trailers in modelreg's commit messages, so history can be
 * read back without parsing prose. Format and parse round-trip.
 */
export const CHANGE_ACTIONS = ['register', 'promote', 'demote', 'rollback', 'deprecate'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export interface ChangeTrailers {
  readonly action: ChangeAction;
  readonly model: string;
  readonly version: string;
  readonly from?: string;
  readonly to?: string;
  /** In a split stage: the version's weight after the change (absent when it left the stage). */
  readonly weight?: number;
}

const KEYS = {
  action: 'Modelreg-Action',
  model: 'Modelreg-Model',
  version: 'Modelreg-Version',
  from: 'Modelreg-From',
  to: 'Modelreg-To',
  weight: 'Modelreg-Weight',
} as const;

export function formatTrailers(trailers: ChangeTrailers): string {
  const lines: string[] = [
    `${KEYS.action}: ${trailers.action}`,
    `${KEYS.model}: ${trailers.model}`,
    `${KEYS.version}: ${trailers.version}`,
  ];
  if (trailers.from !== undefined) lines.push(`${KEYS.from}: ${trailers.from}`);
  if (trailers.to !== undefined) lines.push(`${KEYS.to}: ${trailers.to}`);
  if (trailers.weight !== undefined) lines.push(`${KEYS.weight}: ${trailers.weight}`);
  return lines.join('\n');
}

/** Every modelreg trailer block in a message (a squash merge may carry several). */
export function parseTrailers(message: string): ChangeTrailers[] {
  const found: ChangeTrailers[] = [];
  let current: Record<string, string> = {};
  const flush = () => {
    const action = current[KEYS.action];
    if (isAction(action) && current[KEYS.model] && current[KEYS.version]) {
      found.push({
        action,
        model: current[KEYS.model]!,
        version: current[KEYS.version]!,
        ...(current[KEYS.from] !== undefined ? { from: current[KEYS.from] } : {}),
        ...(current[KEYS.to] !== undefined ? { to: current[KEYS.to] } : {}),
        ...(/^\d{1,3}$/.test(current[KEYS.weight] ?? '') ? { weight: Number(current[KEYS.weight]) } : {}),
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

function isAction(value: string | undefined): value is ChangeAction {
  return (CHANGE_ACTIONS as readonly string[]).includes(value ?? '');
}

/** Subject, body, then one trailer block per change, all in git's trailer paragraph. */
export function commitMessage(
  subject: string,
  body: string | undefined,
  trailers: ChangeTrailers | readonly ChangeTrailers[],
): string {
  const blocks = (Array.isArray(trailers) ? trailers : [trailers]) as readonly ChangeTrailers[];
  return [subject, '', ...(body ? [body, ''] : []), blocks.map(formatTrailers).join('\n'), ''].join('\n');
}

/** An admin's emergency push names its reason in this trailer (judged by governance/emergency.ts). */
export const EMERGENCY_TRAILER = 'Modelreg-Emergency';

/** The reason of the last `Modelreg-Emergency:` trailer line, or undefined. */
export function emergencyReason(message: string): string | undefined {
  let reason: string | undefined;
  for (const line of message.split('\n')) {
    const match = /^Modelreg-Emergency:\s*(.*?)\s*$/i.exec(line);
    if (match) reason = match[1];
  }
  return reason === undefined ? undefined : reason || '(no reason given)';
}
