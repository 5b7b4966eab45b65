/**
 * The registry template laid out for a registry in a directory of an existing
 * repository (pure): the registry's files go below that directory, while
 * GitHub only reads .github/ at the top, so the workflows stay there and pass
 * the directory to every modelreg action as `registry-path` (and to the CLI
 * run from npm as `--registry`), and CODEOWNERS names the policy and schemas
 * where they now are.
 */

/** path → content, as init commits it. */
export type TemplateFiles = ReadonlyMap<string, Uint8Array | null>;

const MODELREG_STEP = /^(\s*)- uses: modelreg\/modelreg(?:\/actions\/[a-z-]+)?@\S+\s*$/;
/** A step that runs the CLI from npm (`run: npx --yes modelreg@1 <command> …`): it gets `--registry <root>`. */
const MODELREG_RUN = /^(\s*run: npx (?:--yes )?modelreg@\S+ [a-z-]+)( .*)?$/;

export function templateInSubdirectory(files: TemplateFiles, root: string): Map<string, Uint8Array | null> {
  const laidOut = new Map<string, Uint8Array | null>();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  for (const [path, content] of files) {
    if (!path.startsWith('.github/')) {
      laidOut.set(`${root}/${path}`, content);
      continue;
    }
    const text = content === null ? null : decoder.decode(content);
    if (text === null) laidOut.set(path, null);
    else if (path === '.github/CODEOWNERS') laidOut.set(path, encoder.encode(codeOwnersIn(text, root)));
    else if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path))
      laidOut.set(path, encoder.encode(workflowFor(text, root)));
    else laidOut.set(path, content);
  }
  return laidOut;
}

/** Each step that uses a modelreg action gets `registry-path: <root>` in its `with:` block (one is added when it has none). */
export function workflowFor(text: string, root: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const run = MODELREG_RUN.exec(line);
    if (run) {
      out.push(`${run[1]} --registry ${/^[A-Za-z0-9._/-]+$/.test(root) ? root : JSON.stringify(root)}${run[2] ?? ''}`);
      continue;
    }
    out.push(line);
    const step = MODELREG_STEP.exec(line);
    if (!step) continue;
    const keyIndent = `${step[1]}  `;
    // The step's own keys follow at keyIndent; its `with:` may be among them.
    let j = i + 1;
    while (j < lines.length && lines[j]!.startsWith(keyIndent) && !lines[j]!.startsWith(`${keyIndent}with:`)) j++;
    const input = `${keyIndent}  registry-path: ${/^[A-Za-z0-9._/-]+$/.test(root) ? root : JSON.stringify(root)}`;
    if (j < lines.length && lines[j]!.startsWith(`${keyIndent}with:`)) {
      out.push(...lines.slice(i + 1, j + 1), input);
      i = j;
    } else {
      out.push(`${keyIndent}with:`, input);
    }
  }
  return out.join('\n');
}

/** Patterns anchored at the repository top (`/registry.yaml`) move below the registry's directory; `/.github/` stays. */
export function codeOwnersIn(text: string, root: string): string {
  return text
    .split('\n')
    .map((line) => (line.startsWith('/') && !line.startsWith('/.github/') ? `/${root}${line}` : line))
    .join('\n');
}
