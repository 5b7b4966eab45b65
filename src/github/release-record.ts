/**
 * The durable record of a release, in git: an annotated tag
 * `modelreg/<model>/<version>` on the commit that registered a version, and
 * a note in refs/notes/modelreg on each commit that released stage changes
 * (its PR and approvers, or the emergency that let it in). A tag or note
 * that already exists must say what this push would write: a re-run finds
 * its own records, anything else is a forged record and fails the check.
 */
import { finding, FILE_START, type Finding } from '../domain/findings.js';
import type { ClassifiedChange } from '../governance/classify-change.js';
import type { Registry } from '../registry/registry.js';
import type { ResolvedArtifact } from '../registry/registry-view.js';
import { versionFilePath } from '../domain/layout.js';
import { treeAt } from '../snapshot/registry-repository.js';

import { NOTES_REF } from '../history/release-notes.js';

const BOT = { name: 'modelreg', email: 'modelreg@users.noreply.github.com' };

export interface RegisteredVersion {
  readonly model: string;
  readonly version: string;
  readonly stage: string;
  /** The commit of the push that registered it: the tag's target. */
  readonly commit: string;
  readonly pr: number | null;
  readonly artifacts: Readonly<Record<string, ResolvedArtifact>>;
}

export interface ReleaseNote {
  readonly commit: string;
  readonly pr: number | null;
  readonly approvers: readonly string[];
  readonly emergency: { readonly reason: string; readonly by: string } | null;
  readonly changes: readonly ClassifiedChange[];
}

export interface RecordResult {
  /** Refs written locally, to push. */
  readonly refs: string[];
  /** FORGED_RELEASE_TAG / FORGED_RELEASE_NOTE. */
  readonly findings: Finding[];
  /** `model@version` whose existing tag says something else. */
  readonly forged: Set<string>;
}

/** The note's text; deterministic, so a re-run of the same push writes the same note. */
export function noteText(note: ReleaseNote): string {
  const { commit: _commit, emergency, ...rest } = note;
  return `${JSON.stringify({ ...rest, ...(emergency ? { emergency } : {}) }, null, 2)}\n`;
}

export async function recordRelease(
  registry: Registry,
  versions: readonly RegisteredVersion[],
  notes: readonly ReleaseNote[],
  now: Date,
): Promise<RecordResult> {
  const result: RecordResult = { refs: [], findings: [], forged: new Set() };
  for (const v of versions) {
    const name = `modelreg/${v.model}/${v.version}`;
    const file = versionFilePath(v.model, v.version);
    const existing = await registry.git.resolveCommit(`refs/tags/${name}`).catch(() => undefined);
    if (existing !== undefined) {
      if (await sameFile(registry, file, existing, v.commit)) continue;
      result.forged.add(`${v.model}@${v.version}`);
      result.findings.push(
        finding(
          'FORGED_RELEASE_TAG',
          'error',
          registry.pathInRepository(file),
          FILE_START,
          `the release tag ${name} already exists but names commit ${existing.slice(0, 7)}, where ${file} is not what commit ${v.commit.slice(0, 7)} registers: the tag was not written by this release`,
          `Find out who created the tag (\`git for-each-ref refs/tags/${name} --format="%(taggername) %(taggerdate)"\`), delete it on origin, and re-run this job.`,
        ),
      );
      continue;
    }
    const message = `${v.model}@${v.version} registered in ${v.stage}${v.pr !== null ? ` (#${v.pr})` : ''}\n\n${Object.entries(
      v.artifacts,
    )
      .map(([role, a]) => `${role}: ${a.uri} ${a.digest}`)
      .join('\n')}\n`;
    await registry.git.createAnnotatedTag(name, v.commit, message, BOT, now);
    result.refs.push(`refs/tags/${name}`);
  }
  let notesWritten = false;
  for (const note of notes) {
    const text = noteText(note);
    const existing = await registry.git.readNote(NOTES_REF, note.commit);
    if (existing === text) continue;
    if (existing !== undefined) {
      result.findings.push(
        finding(
          'FORGED_RELEASE_NOTE',
          'error',
          registry.pathInRepository('registry.yaml'),
          FILE_START,
          `commit ${note.commit.slice(0, 7)} already has a note in ${NOTES_REF} that differs from the release this push records: it was not written by this release`,
          `Compare \`git notes --ref modelreg show ${note.commit.slice(0, 12)}\` with the job summary, remove the forged note on origin, and re-run this job.`,
        ),
      );
      continue;
    }
    await registry.git.addNote(NOTES_REF, note.commit, text, BOT, now);
    notesWritten = true;
  }
  if (notesWritten) result.refs.push(NOTES_REF);
  return result;
}

/** The version file is the same blob at both commits. */
async function sameFile(registry: Registry, file: string, a: string, b: string): Promise<boolean> {
  try {
    const [left, right] = await Promise.all([
      (await treeAt(registry, a)).entry(file),
      (await treeAt(registry, b)).entry(file),
    ]);
    return left?.type === 'blob' && right?.type === 'blob' && left.id === right.id;
  } catch {
    return false;
  }
}
