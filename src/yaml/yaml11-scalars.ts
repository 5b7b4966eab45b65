/**
 * Plain scalars that YAML 1.1 readers (PyYAML, Ruby's Psych, many deploy
 * tools) read differently from YAML 1.2: `yes`/`no`/`on`/`off`/`y`/`n` are
 * booleans there, `0755` is octal, `1_000` and `1:20` (sexagesimal) are
 * numbers. Registry entries are read by those tools too, so a value must mean
 * the same to every reader. The patterns are PyYAML's resolvers.
 */
const BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export type Yaml11Reading =
  { readonly kind: 'boolean'; readonly value: boolean } | { readonly kind: 'number'; readonly value: number };

/** What a YAML 1.1 reader makes of a plain scalar's source, when it is not a string there. */
export function yaml11Reading(source: string): Yaml11Reading | undefined {
  if (BOOL.test(source)) return { kind: 'boolean', value: TRUE.test(source) };
  if (INT.test(source)) return { kind: 'number', value: yaml11Int(source) };
  if (FLOAT.test(source)) return { kind: 'number', value: yaml11Float(source) };
  return undefined;
}

/**
 * How the YAML 1.1 reading differs from `value` (the YAML 1.2 one we use), or
 * undefined when both readers agree.
 */
export function yaml11Disagreement(source: string, value: unknown): Yaml11Reading | undefined {
  const reading = yaml11Reading(source);
  if (typeof value === 'number') {
    // e.g. 1e3: a number to us, the string "1e3" to YAML 1.1.
    if (!reading) return { kind: 'number', value: Number.NaN };
    if (reading.kind === 'number' && sameNumber(reading.value, value)) return undefined;
    return reading;
  }
  if (!reading) return undefined;
  if (typeof value === 'boolean' && reading.kind === 'boolean' && reading.value === value) return undefined;
  return reading;
}

function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function splitSign(source: string): [sign: number, digits: string] {
  const text = source.replaceAll('_', '');
  if (text.startsWith('-')) return [-1, text.slice(1)];
  if (text.startsWith('+')) return [1, text.slice(1)];
  return [1, text];
}

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function yaml11Int(source: string): number {
  const [sign, digits] = splitSign(source);
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.includes(':')) return sign * sexagesimal(digits);
  if (digits.length > 1 && digits.startsWith('0')) return sign * parseInt(digits, 8);
  return sign * Number(digits);
}

function yaml11Float(source: string): number {
  const [sign, digits] = splitSign(source);
  if (/^\.(?:nan|NaN|NAN)$/.test(digits)) return Number.NaN;
  if (/^\.(?:inf|Inf|INF)$/.test(digits)) return sign * Number.POSITIVE_INFINITY;
  if (digits.includes(':')) return sign * sexagesimal(digits);
  return sign * Number(digits);
}
