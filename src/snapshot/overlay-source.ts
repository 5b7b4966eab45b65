/**
 * A snapshot with in-memory edits laid over another: what a change *would*
 * produce, validated before anything touches the disk.
 */
import { baseName, gitBlobId, parentDir, type SnapshotSource, type TreeEntry } from './snapshot-source.js';
import type { ParsedFiles } from './parsed-files.js';

export class OverlaySource implements SnapshotSource {
  readonly label: string;
  /** The base's: an edited file has a blob id of its own, so it never takes another file's entry. */
  readonly parsedFiles: ParsedFiles | undefined;
  /** path → new content, or null for a deletion. */
  private readonly edits: ReadonlyMap<string, Uint8Array | null>;
  private readonly touchedDirs = new Set<string>();

  constructor(
    private readonly base: SnapshotSource,
    edits: ReadonlyMap<string, Uint8Array | null>,
  ) {
    this.edits = edits;
    this.label = `${base.label} with the proposed change`;
    this.parsedFiles = base.parsedFiles;
    for (const path of edits.keys()) {
      for (let dir = parentDir(path); ; dir = parentDir(dir)) {
        this.touchedDirs.add(dir);
        if (dir === '') break;
      }
    }
  }

  async list(dir: string): Promise<readonly TreeEntry[] | undefined> {
    const below = await this.base.list(dir);
    if (!this.touchedDirs.has(dir)) return below;
    const entries = new Map<string, TreeEntry>((below ?? []).map((e) => [e.name, e]));
    for (const [path, content] of this.edits) {
      if (parentDir(path) === dir) {
        if (content === null) entries.delete(baseName(path));
        else entries.set(baseName(path), { name: baseName(path), type: 'blob', id: gitBlobId(content) });
      }
    }
    for (const touched of this.touchedDirs) {
      if (touched !== '' && touched !== dir && parentDir(touched) === dir && !entries.has(baseName(touched))) {
        entries.set(baseName(touched), { name: baseName(touched), type: 'tree', id: undefined });
      }
    }
    // A directory with edits below it has a new tree id that we do not compute.
    return [...entries.values()].map((e) =>
      e.type === 'tree' && this.touchedDirs.has(dir === '' ? e.name : `${dir}/${e.name}`) ? { ...e, id: undefined } : e,
    );
  }

  async entry(path: string): Promise<TreeEntry | undefined> {
    const edit = this.edits.get(path);
    if (edit === null) return undefined;
    if (edit !== undefined) return { name: baseName(path), type: 'blob', id: gitBlobId(edit) };
    if (this.touchedDirs.has(path)) return { name: baseName(path), type: 'tree', id: undefined };
    return this.base.entry(path);
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const edit = this.edits.get(path);
    if (edit === null) return undefined;
    if (edit !== undefined) return edit;
    return this.base.read(path);
  }
}
