/**
 * The YAML language server editors run (Red Hat's yaml-language-server, as in
 * VS Code's YAML extension, Neovim, Helix, Zed), started as a child process
 * and spoken to over stdio with the Language Server Protocol: a minimal
 * JSON-RPC client with Content-Length framing. Tests open the files a user
 * edits and read what the editor would show: diagnostics, completions, hovers.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** LSP positions are 0-based lines and UTF-16 columns. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Diagnostic {
  readonly range: { readonly start: Position; readonly end: Position };
  /** 1 error, 2 warning, 3 information, 4 hint. */
  readonly severity?: number;
  readonly message: string;
  readonly source?: string;
}

export interface CompletionItem {
  readonly label: string;
  readonly kind?: number;
  readonly insertText?: string;
}

/** What the editor's settings say; `schemas: {}` so only a file's own modeline picks its schema. */
const EDITOR_SETTINGS = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    schemas: {},
    // The catalog lives on the internet; a test machine has none, and modelreg's files name their schema themselves.
    schemaStore: { enable: false },
  },
};

/** How long one answer may take before the test fails saying which request hung. */
const ANSWER_TIMEOUT_MS = 10_000;

type Message = {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
};
type Waiter = { accept: (message: Message) => boolean; resolve: (message: Message) => void };

export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private readonly waiters: Waiter[] = [];
  private readonly openUris = new Set<string>();
  /**
   * NOTE: never reuse a document version, not even across close and reopen:
   * the server caches parsed documents by URI and version past didClose, and
   * would validate the old text at the new text's offsets.
   */
  private nextVersion = 1;
  private stderr = '';
  private exited: string | undefined;

  private constructor() {
    const entry = createRequire(import.meta.url).resolve('yaml-language-server/bin/yaml-language-server');
    this.child = spawn(process.execPath, [entry, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `yaml-language-server exited (code ${code}, signal ${signal})${this.stderr ? `; stderr:\n${this.stderr}` : ''}`;
      for (const { reject } of this.pending.values()) reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  /** Starts the server and configures it as an editor with these settings would. */
  static async start(): Promise<YamlLanguageServer> {
    const server = new YamlLanguageServer();
    await server.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: {},
          completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    server.notify('initialized', {});
    server.notify('workspace/didChangeConfiguration', { settings: EDITOR_SETTINGS });
    return server;
  }

  /** Opens `text` as the file at `path` (its modeline's relative schema path resolves from there) and returns the diagnostics the editor shows. */
  async open(path: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(path).href;
    if (this.openUris.has(uri)) throw new Error(`${path} is already open: close it first`);
    this.openUris.add(uri);
    const published = this.waitFor(
      (message) =>
        message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri,
      `diagnostics for ${path}`,
    );
    this.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: this.nextVersion++, text },
    });
    return ((await published).params as { diagnostics: Diagnostic[] }).diagnostics;
  }

  /** Closes the file; resolves once the server has cleared its diagnostics, so reopening the path waits for fresh ones. */
  async close(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    const cleared = this.waitFor(
      (message) =>
        message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri,
      `diagnostics cleared for ${path}`,
    );
    this.notify('textDocument/didClose', { textDocument: { uri } });
    await cleared;
    this.openUris.delete(uri);
  }

  async completion(path: string, position: Position): Promise<CompletionItem[]> {
    const result = (await this.request('textDocument/completion', {
      textDocument: { uri: pathToFileURL(path).href },
      position,
    })) as CompletionItem[] | { items: CompletionItem[] } | null;
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  /** The hover's text as the editor renders it (markdown or plain), '' when there is none. */
  async hover(path: string, position: Position): Promise<string> {
    const result = (await this.request('textDocument/hover', {
      textDocument: { uri: pathToFileURL(path).href },
      position,
    })) as {
      contents: string | { value: string } | (string | { value: string })[];
    } | null;
    if (!result) return '';
    const parts = Array.isArray(result.contents) ? result.contents : [result.contents];
    return parts.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
  }

  /** shutdown, exit, and a kill if the server does not leave within a second. */
  async stop(): Promise<void> {
    if (this.exited !== undefined) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.request('shutdown', null, 2_000);
      this.notify('exit', null);
    } catch {
      // Shut it down regardless below.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1_000);
    await gone;
    clearTimeout(timer);
  }

  private request(method: string, params: unknown, timeoutMs = ANSWER_TIMEOUT_MS): Promise<unknown> {
    if (this.exited !== undefined) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new Error(
            `yaml-language-server did not answer ${method} within ${timeoutMs} ms${this.stderr ? `; stderr:\n${this.stderr}` : ''}`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private waitFor(accept: (message: Message) => boolean, what: string): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `yaml-language-server sent no ${what} within ${ANSWER_TIMEOUT_MS} ms${this.exited ? `: ${this.exited}` : ''}`,
          ),
        );
      }, ANSWER_TIMEOUT_MS);
      const waiter: Waiter = {
        accept,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!length)
        throw new Error(
          `yaml-language-server sent a header without Content-Length: ${this.buffer.subarray(0, headerEnd).toString('ascii')}`,
        );
      const start = headerEnd + 4;
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined) {
      const pending = this.pending.get(Number(message.id));
      if (!pending) return;
      this.pending.delete(Number(message.id));
      if (message.error)
        pending.reject(
          new Error(`yaml-language-server answered with error ${message.error.code}: ${message.error.message}`),
        );
      else pending.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server (registerCapability, workspace/configuration, …): an editor answers each; null is "nothing".
      this.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [] : null });
      return;
    }
    const index = this.waiters.findIndex((waiter) => waiter.accept(message));
    if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
  }
}
