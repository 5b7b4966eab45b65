/**
 * A real Prometheus for tests: Debian's /usr/bin/prometheus (scripts/ensure-prometheus.ts installs it),
 * started on loopback with a temp storage dir and a 1 s scrape interval, scraping small exporters the
 * test serves. Queries, windows and staleness are Prometheus's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './temp-repo.js';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

/** A /metrics endpoint in the text exposition format; `lines` can change between scrapes. */
export class Exporter {
  lines: string[];
  private constructor(
    private readonly server: Server,
    lines: string[],
  ) {
    this.lines = lines;
  }

  static async start(lines: string[]): Promise<Exporter> {
    const holder: { exporter?: Exporter } = {};
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(req.url === '/metrics' ? `${holder.exporter!.lines.join('\n')}\n` : 'not found\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.exporter = new Exporter(server, lines);
    return holder.exporter;
  }

  get target(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next scrape fails: Prometheus marks the target's series stale. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly output: () => string,
  ) {}

  /** `jobs`: job name → exporter target. */
  static async start(jobs: Record<string, string>): Promise<PrometheusServer> {
    const dir = tempDir('modelreg-prometheus-', 'file');
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      ...Object.entries(jobs).flatMap(([job, target]) => [
        `  - job_name: ${job}`,
        '    scrape_timeout: 500ms',
        `    static_configs: [{ targets: ['${target}'] }]`,
      ]),
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
    const port = await freePort();
    let output = '';
    const child = spawn(
      PROMETHEUS_BINARY,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const server = new PrometheusServer(child, `http://127.0.0.1:${port}`, () => output);
    await server.waitFor(async () => (await fetch(`${server.url}/-/ready`)).ok, 30_000, 'ready');
    return server;
  }

  /** Polls `ready` (errors count as not yet) until it holds or `timeoutMs` passes. */
  async waitFor(ready: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`prometheus exited (${this.child.exitCode}): ${this.output()}`);
      try {
        if (await ready()) return;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus not ${what} after ${timeoutMs} ms: ${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Until an instant query of `expr` has a sample at least `ageSeconds` old (the window is covered). */
  async waitForHistory(expr: string, ageSeconds: number): Promise<void> {
    await this.waitFor(
      async () => {
        const url = `${this.url}/api/v1/query?query=${encodeURIComponent(`count_over_time((${expr})[1h:1s])`)}`;
        const body = (await (await fetch(url)).json()) as { data: { result: { value: [number, string] }[] } };
        return Number(body.data.result[0]?.value[1] ?? 0) > ageSeconds + 1;
      },
      (ageSeconds + 30) * 1000,
      `holding ${ageSeconds}s of ${expr}`,
    );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
