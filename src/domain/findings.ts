/** A finding is one problem (or note) the contract found in a change. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable code, documented in docs/contract.md, e.g. `IMMUTABLE_FIELD`. */
  readonly code: string;
  readonly severity: Severity;
  /** Repository-relative path with forward slashes. */
  readonly file: string;
  /** 1-based; 1 when the problem concerns the whole file. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export const FILE_START: Position = { line: 1, column: 1 };

export function finding(
  code: string,
  severity: Severity,
  file: string,
  at: Position,
  message: string,
  hint: string,
): Finding {
  return { code, severity, file, line: at.line, column: at.column, message, hint };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, then position, then severity, then code. Duplicates removed. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique: Finding[] = [];
  for (const f of findings) {
    const key = `${f.file}\0${f.line}\0${f.column}\0${f.code}\0${f.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(f);
    }
  }
  return unique.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      severityRank[a.severity] - severityRank[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
