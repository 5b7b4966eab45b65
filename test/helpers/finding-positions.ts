/** What every finding must satisfy, whatever the input: a real file and a position inside it. */
import type { Finding } from '../../src/domain/findings.js';

export type FileMap = ReadonlyMap<string, Uint8Array>;

/** Findings about a file that is meant to be absent: the deleted file, or the one that should exist. */
const ABOUT_ABSENT_FILES = new Set(['VERSION_DELETED', 'POLICY_DELETED', 'MODEL_FILE_MISSING']);

/**
 * The problems with the findings' files and positions, as readable lines
 * (empty when all is well). A finding names a file of the head snapshot (or
 * of the base, for a deletion); its line is 1…the file's line count
 * (`\n`-separated, as editors and GitHub number them) and its column
 * 1…the line's length + 1, in UTF-16 code units (as editors count them).
 */
export function positionProblems(findings: readonly Finding[], base: FileMap, head: FileMap): string[] {
  const problems: string[] = [];
  for (const f of findings) {
    const where = `${f.code} ${f.file}:${f.line}:${f.column}`;
    if (!f.code || !f.message || !f.hint || !['error', 'warning', 'info'].includes(f.severity))
      problems.push(`${where}: incomplete finding`);
    if (!Number.isInteger(f.line) || !Number.isInteger(f.column)) {
      problems.push(`${where}: position is not an integer`);
      continue;
    }
    const bytes = head.get(f.file) ?? base.get(f.file);
    if (bytes === undefined) {
      if (!(ABOUT_ABSENT_FILES.has(f.code) && f.line === 1 && f.column === 1))
        problems.push(`${where}: no such file in either snapshot`);
      continue;
    }
    const lines = Buffer.from(bytes).toString('utf8').split('\n');
    if (f.line < 1 || f.line > lines.length) {
      problems.push(`${where}: line outside the file's ${lines.length} line(s)`);
      continue;
    }
    const length = lines[f.line - 1]!.length;
    if (f.column < 1 || f.column > length + 1)
      problems.push(`${where}: column outside line ${f.line} (${length} characters)`);
  }
  return problems;
}
