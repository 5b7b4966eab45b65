/**
 * Checks of each scalar a registry file holds, beyond what the YAML parser
 * refuses: keys JavaScript readers mishandle, plain scalars YAML 1.1 readers
 * read differently, and invisible characters written as escapes.
 */
import { isAlias, isScalar, visit, type Document } from 'yaml';
import { finding, type Finding, type Position } from '../domain/findings.js';
import { controlCharacterFinding, controlCharacterInValue } from './control-characters.js';
import { yaml11Disagreement, type Yaml11Reading } from './yaml11-scalars.js';

export function checkScalars(
  path: string,
  doc: Document,
  text: string,
  toPosition: (offset: number) => Position,
): Finding[] {
  const findings: Finding[] = [];
  visit(doc, {
    Pair(_key, pair) {
      // `? {a: 1}` or `? [a]` as a key: JavaScript readers turn it into the string "[object Object]"-like text.
      const key = pair.key as { range?: [number, number, number]; constructor: { name: string } } | null;
      if (key && !isScalar(key) && !isAlias(key) && key.range) {
        findings.push(
          finding(
            'YAML_COMPLEX_KEY',
            'error',
            path,
            toPosition(key.range[0]),
            'a mapping key is itself a mapping or a list; readers turn it into text, each in its own way',
            'Use a plain text key.',
          ),
        );
      }
    },
    Scalar(key, node) {
      if (!node.range) return;
      const at = toPosition(node.range[0]);
      const isKey = key === 'key';
      const what = isKey ? 'key' : 'value';
      if (isKey && node.value === '__proto__') {
        findings.push(
          finding(
            'RESERVED_NAME',
            'error',
            path,
            at,
            'the key "__proto__" changes the prototype of the object JavaScript readers build (and zod drops it silently)',
            'Rename the key.',
          ),
        );
      }
      if (typeof node.value === 'string') {
        const hidden = controlCharacterInValue(node.value);
        if (hidden) findings.push(controlCharacterFinding(path, at, hidden, `this ${what}`));
      }
      // An explicit tag (!!str yes) means the same to every reader.
      if (node.type === 'PLAIN' && node.tag === undefined) {
        const source = text.slice(node.range[0], node.range[1]);
        const reading = yaml11Disagreement(source, node.value);
        if (reading) findings.push(ambiguousScalar(path, at, source, node.value, reading, what));
      }
    },
  });
  return findings;
}

function ambiguousScalar(
  path: string,
  at: Position,
  source: string,
  value: unknown,
  reading: Yaml11Reading,
  what: string,
): Finding {
  const theirs =
    reading.kind === 'boolean'
      ? `the boolean ${reading.value}`
      : Number.isNaN(reading.value)
        ? `the string "${source}"`
        : `the number ${reading.value}`;
  const ours = typeof value === 'string' ? `the string "${value}"` : `the ${typeof value} ${String(value)}`;
  const asBoolean = reading.kind === 'boolean' ? '; write true or false if you mean a boolean' : '';
  return finding(
    'YAML_AMBIGUOUS_SCALAR',
    'error',
    path,
    at,
    `the unquoted ${what} '${source}' is ${theirs} to YAML 1.1 readers (PyYAML and many deploy tools) but ${ours} to modelreg`,
    `Put it in double quotes ("${source}") if you mean the text${asBoolean}. Registry files are read by other tools too, ` +
      'so every value must mean the same to all of them.',
  );
}
