/**
 * Characters a reviewer cannot see. git shows a file holding NUL as binary
 * and hides its diff; other C0/C1 controls, DEL and bidirectional overrides
 * render as nothing (or rewrite the terminal) while changing what tools read.
 * Registry files are reviewed as text, so they must not hold any.
 */
import { finding, type Finding, type Position } from '../domain/findings.js';

/** Everything but tab, line feed and carriage return, which YAML itself uses. */
const IN_FILE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
/** In a value (written as an escape such as "\e" or "\x00"): tab and line feed only. */
const IN_VALUE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
/** More would only repeat the point. */
const MAX_REPORTED = 10;

export function describeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) return `${hex} (NUL)`;
  if (code === 0x7f) return `${hex} (DEL)`;
  if (code < 0x20) return `${hex} (a control character)`;
  if (code <= 0x9f) return `${hex} (a C1 control character)`;
  if (code === 0x2028 || code === 0x2029) return `${hex} (a line separator YAML 1.1 readers break lines at)`;
  return `${hex} (a bidirectional text override)`;
}

/** One finding per offending character (at most MAX_REPORTED), at its line and column. */
export function controlCharactersInText(path: string, text: string): Finding[] {
  const findings: Finding[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(IN_FILE)) {
    for (let i = scanned; i < match.index; i++) {
      if (text.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    scanned = match.index;
    const at: Position = { line, column: match.index - lineStart + 1 };
    findings.push(controlCharacterFinding(path, at, match[0], 'the file'));
    if (findings.length === MAX_REPORTED) break;
  }
  return findings;
}

/** The first character of `value` a reviewer could not see, if any. */
export function controlCharacterInValue(value: string): string | undefined {
  return IN_VALUE.exec(value)?.[0];
}

export function controlCharacterFinding(path: string, at: Position, char: string, where: string): Finding {
  const isNul = char === '\u0000';
  return finding(
    'CONTROL_CHARACTER',
    'error',
    path,
    at,
    `${where} contains ${describeCharacter(char)}` +
      (isNul ? ': git treats the file as binary and hides its diff from reviewers' : ', which reviewers cannot see'),
    'Delete the character (a hex editor or `cat -A` shows it). Registry files are plain text: ' +
      'only tab and line breaks may appear besides printable characters.',
  );
}
