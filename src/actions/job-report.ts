/**
 * How an action shows its result on the run page: file annotations (GitHub
 * shows a few per level) and the job summary (which has everything).
 */
import * as core from '@actions/core';
import type { Finding } from '../domain/findings.js';

/** GitHub shows at most 10 annotations of each level per step; the rest are in the summary. */
const ANNOTATIONS_PER_LEVEL = 10;

/** Annotations of one run: GitHub shows 10 of each level per step, counted across every call. */
export class Annotations {
  private readonly counts = { error: 0, warning: 0, info: 0 };

  add(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (this.counts[f.severity]++ >= ANNOTATIONS_PER_LEVEL) continue;
      const properties = { title: f.code, file: f.file, startLine: f.line, startColumn: f.column };
      const message = `${f.message}\nhint: ${f.hint}`;
      if (f.severity === 'error') core.error(message, properties);
      else if (f.severity === 'warning') core.warning(message, properties);
      else core.notice(message, properties);
    }
  }
}

/** Appends to the job summary (a run may write it in parts); outside a runner there is none. */
export async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
}

export function setOutputs(outputs: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}
