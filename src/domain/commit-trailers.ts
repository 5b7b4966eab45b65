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

/** A guardrail-triggered rollback names each breach it acts on in this trailer (one line per breach). */
export const GUARDRAIL_TRAILER = 'Modelreg-Guardrail';

/** What a breached guardrail was observed to be: the evidence a guardrail-triggered rollback carries. */
export interface GuardrailEvidence {
  readonly stage: string;
  readonly metric: string;
  readonly observed: number;
  /** Which bound was breached, and its value as registry.yaml gives it. */
  readonly bound: 'max' | 'min' | 'max_drop';
  readonly limit: number;
  /** For max_drop: the value the serving version was registered with. */
  readonly registered?: number;
  /** As written, e.g. 5m. */
  readonly window: string;
  /** When the observation ends (ISO 8601). */
  readonly time: string;
  /** `prometheus:<url>`, `json:<file>` or `json:-` (standard input). */
  readonly source: string;
  /** The PromQL query as sent (whitespace collapsed), for Prometheus. */
  readonly query?: string;
}

/**
 * `Modelreg-Guardrail: production error_rate observed=0.07 max=0.05 window=5m time=… source=… query=…`:
 * one line, fields without spaces except the query, which comes last and runs to the end of the line.
 */
export function formatGuardrailTrailer(evidence: GuardrailEvidence): string {
  const fields = [
    `observed=${evidence.observed}`,
    `${evidence.bound}=${evidence.limit}`,
    ...(evidence.registered !== undefined ? [`registered=${evidence.registered}`] : []),
    `window=${evidence.window}`,
    `time=${evidence.time}`,
    `source=${oneToken(evidence.source)}`,
    ...(evidence.query !== undefined ? [`query=${oneLine(evidence.query)}`] : []),
  ];
  return `${GUARDRAIL_TRAILER}: ${evidence.stage} ${evidence.metric} ${fields.join(' ')}`;
}

/** Every well-formed guardrail trailer in a message, in order. */
export function parseGuardrailTrailers(message: string): GuardrailEvidence[] {
  const found: GuardrailEvidence[] = [];
  for (const line of message.split('\n')) {
    const match = /^Modelreg-Guardrail:\s*(\S+) (\S+) (.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, stage, metric, rest] = match as unknown as [string, string, string, string];
    const queryAt = rest.search(/(^| )query=/);
    const query = queryAt < 0 ? undefined : rest.slice(rest.indexOf('query=', queryAt) + 'query='.length);
    const fields = new Map<string, string>();
    for (const token of (queryAt < 0 ? rest : rest.slice(0, queryAt)).split(' ')) {
      const eq = token.indexOf('=');
      if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
    }
    const bound = (['max', 'min', 'max_drop'] as const).find((b) => fields.has(b));
    const observed = Number(fields.get('observed'));
    const limit = bound === undefined ? NaN : Number(fields.get(bound));
    const registered = fields.has('registered') ? Number(fields.get('registered')) : undefined;
    if (!bound || !Number.isFinite(observed) || !Number.isFinite(limit)) continue;
    found.push({
      stage,
      metric,
      observed,
      bound,
      limit,
      ...(registered !== undefined && Number.isFinite(registered) ? { registered } : {}),
      window: fields.get('window') ?? '',
      time: fields.get('time') ?? '',
      source: (fields.get('source') ?? '').replace(/\u00a0/g, ' '),
      ...(query !== undefined ? { query } : {}),
    });
  }
  return found;
}

/** One line for people: `production error_rate observed 0.07 > max 0.05 over 5m at <time> (<source>)`; short: `error_rate 0.07 > max 0.05 over 5m`. */
export function describeGuardrailEvidence(evidence: GuardrailEvidence, length: 'full' | 'short' = 'full'): string {
  const comparison =
    evidence.bound === 'max'
      ? `> max ${evidence.limit}`
      : evidence.bound === 'min'
        ? `< min ${evidence.limit}`
        : `dropped more than max_drop ${evidence.limit} from registered ${evidence.registered ?? '?'}`;
  if (length === 'short') return `${evidence.metric} ${evidence.observed} ${comparison} over ${evidence.window}`;
  return `${evidence.stage} ${evidence.metric} observed ${evidence.observed} ${comparison} over ${evidence.window} at ${evidence.time} (${evidence.source})`;
}

/** Appends guardrail trailers to a message whose last paragraph is its trailer block. */
export function withGuardrailTrailers(message: string, evidence: readonly GuardrailEvidence[]): string {
  if (evidence.length === 0) return message;
  return `${message.replace(/\n+$/, '')}\n${evidence.map(formatGuardrailTrailer).join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A source names a file or URL that may hold spaces: a no-break space keeps it one token. */
function oneToken(text: string): string {
  return oneLine(text).replace(/ /g, '\u00a0');
}
