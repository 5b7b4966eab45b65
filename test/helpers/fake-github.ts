/**
 * A local GitHub REST server for tests. Its routes, query parameters and
 * request bodies come from GitHub's official OpenAPI description
 * (@octokit/openapi), and every response it sends is validated with ajv
 * against the operation's response schema. Fixtures are built from the
 * schemas, not from GitHub's examples. Anything off-spec is recorded in
 * `violations`, which tests assert empty.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { respondToSettings, type FakeRepository } from './fake-github-settings.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

const require = createRequire(import.meta.url);
let cachedSpec: Json | undefined;
function spec(): Json {
  cachedSpec ??= JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'));
  return cachedSpec;
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly operation: Json;
}

let cachedRoutes: Route[] | undefined;
function routes(): Route[] {
  if (cachedRoutes) return cachedRoutes;
  cachedRoutes = [];
  for (const [template, item] of Object.entries(spec().paths as Record<string, Json>)) {
    const names: string[] = [];
    const pattern = new RegExp(`^${template.replace(/\{([^}]+)\}/g, (_m, name) => (names.push(name), '([^/]+)'))}$`);
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      if (item[method])
        cachedRoutes.push({ method: method.toUpperCase(), template, pattern, names, operation: item[method] });
    }
  }
  return cachedRoutes;
}

function deref(node: Json): Json {
  let current = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce((value: Json, key: string) => value[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec());
  }
  return current;
}

let cachedAjv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
function validatorFor(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    if (!cachedAjv) {
      cachedAjv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
      addFormats(cachedAjv);
      cachedAjv.addSchema(nullableForAjv(spec()), 'gh');
    }
    validate = cachedAjv.compile({ $ref: `gh#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

/**
 * OpenAPI 3.0's `nullable: true` beside `anyOf`/`oneOf`/`$ref` and no `type`
 * (the rulesets' `conditions`, for one) means "this, or null"; ajv refuses
 * to compile `nullable` without `type`, so such a schema is given to ajv as
 * that: `anyOf: [{ the schema }, { type: 'null' }]`. Nothing else changes.
 */
function nullableForAjv(node: Json): Json {
  if (Array.isArray(node)) return node.map(nullableForAjv);
  if (!node || typeof node !== 'object') return node;
  const copy: Json = {};
  for (const [key, value] of Object.entries(node)) copy[key] = nullableForAjv(value);
  if (copy.nullable === true && copy.type === undefined) {
    const { nullable: _nullable, description, ...rest } = copy;
    return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] };
  }
  return copy;
}

function pointerOf(...segments: string[]): string {
  return segments.map((s) => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');
}

/** A minimal value that satisfies `schema`, with `overrides` merged in. */
export function sample(schema: Json, overrides: Json = undefined, depth = 0): Json {
  const s = deref(schema);
  if (overrides !== undefined && (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)))
    return overrides;
  if (s.allOf)
    return s.allOf.reduce(
      (acc: Json, part: Json) => ({ ...acc, ...sample(part, undefined, depth + 1) }),
      overrides ? { ...overrides } : {},
    );
  if (s.oneOf || s.anyOf) return sample((s.oneOf ?? s.anyOf)[0], overrides, depth + 1);
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties) {
    const result: Json = {};
    for (const key of s.required ?? []) {
      const property = s.properties?.[key] ?? {};
      result[key] =
        deref(property).nullable && overrides?.[key] === undefined
          ? null
          : sample(property, overrides?.[key], depth + 1);
    }
    for (const [key, value] of Object.entries(overrides ?? {}))
      if (!(key in result)) result[key] = s.properties?.[key] ? sample(s.properties[key], value, depth + 1) : value;
    return result;
  }
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return false;
  if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (s.format === 'uri') return 'https://example.invalid/x';
  if (s.format === 'email') return 'user@example.invalid';
  return 'x';
}

export function component(name: string, overrides: Json): Json {
  return sample({ $ref: `#/components/schemas/${name}` }, overrides);
}

export interface FakeReview {
  readonly user: string;
  readonly state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  readonly commitId: string | null;
  /** Default: 2026-01-01T00:00:00Z. */
  readonly submittedAt?: string;
}

export interface FakePull {
  number: number;
  author: string;
  headSha: string;
  headRef: string;
  baseRef: string;
  reviews: FakeReview[];
  mergedAt: string | null;
  /** The commit the merge made on the base branch (merge_commit_sha). */
  mergeCommitSha?: string | null;
  /** Label names, as issues/add-labels set them. */
  labels?: string[];
}

export class FakeGitHub {
  readonly violations: string[] = [];
  readonly requests: { method: string; path: string; body: Json }[] = [];
  readonly pulls = new Map<number, FakePull>();
  readonly comments = new Map<number, { id: number; body: string }[]>();
  /** `org/slug` → members; absent team: 404 for everyone. */
  readonly teams = new Map<string, Set<string>>();
  /** Teams are invisible (404), as to a token without read access to org members. */
  teamsForbidden = false;
  /** Writes answer 403, as for a fork's read-only token. */
  readOnly = false;
  /** The next N requests answer 502 (to exercise retries). */
  failNext = 0;
  readonly commitPulls = new Map<string, number[]>();
  /** `owner/name` → the repository the settings routes answer for (fake-github-settings.ts); absent: 404. */
  readonly repositories = new Map<string, FakeRepository>();
  /**
   * When set, a request without `Authorization: token <this>` answers 401.
   * GitHub's description leaves 401 out of most operations, but GitHub sends
   * it for a bad token on any of them, so it is not recorded as a violation.
   */
  acceptedToken: string | undefined;
  private nextId = 1000;
  private server!: Server;
  url = '';

  static async start(): Promise<FakeGitHub> {
    const fake = new FakeGitHub();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const address = fake.server.address() as { port: number };
    fake.url = `http://127.0.0.1:${address.port}`;
    return fake;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    this.requests.push({ method: req.method!, path: url.pathname, body });
    const route = routes().find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) {
      this.violations.push(`${req.method} ${url.pathname}: no such operation in GitHub's OpenAPI description`);
      return this.send(res, 404, { message: 'Not Found' }, undefined);
    }
    const params: Record<string, string> = {};
    route.pattern
      .exec(url.pathname)!
      .slice(1)
      .forEach((v, i) => (params[route.names[i]!] = decodeURIComponent(v)));
    const declared = (route.operation.parameters ?? []).map(deref);
    for (const name of url.searchParams.keys()) {
      if (!declared.some((p: Json) => p.in === 'query' && p.name === name))
        this.violations.push(`${route.method} ${route.template}: undeclared query parameter ${name}`);
    }
    if (route.operation.requestBody) {
      const pointer = pointerOf(
        'paths',
        route.template,
        route.method.toLowerCase(),
        'requestBody',
        'content',
        'application/json',
        'schema',
      );
      const validate = validatorFor(pointer);
      if (!validate(body))
        this.violations.push(`${route.method} ${route.template} request: ${this.ajvErrors(validate)}`);
    }
    if (this.acceptedToken !== undefined && req.headers.authorization !== `token ${this.acceptedToken}`) {
      return this.send(res, 401, component('basic-error', { message: 'Bad credentials' }), undefined);
    }
    if (this.failNext > 0) {
      this.failNext--;
      return this.send(res, 502, { message: 'Bad Gateway' }, undefined);
    }
    const [status, payload] = this.respond(route.operation.operationId as string, params, body);
    this.send(res, status, payload, route);
  }

  private respond(operation: string, params: Record<string, string>, body: Json): [number, Json] {
    const pull = this.pulls.get(Number(params.pull_number ?? params.issue_number));
    const write = ['issues/create-comment', 'issues/update-comment', 'pulls/create'].includes(operation);
    if (write && this.readOnly)
      return [403, component('basic-error', { message: 'Resource not accessible by integration' })];
    const settings = respondToSettings(this.repositories, operation, params, body, component);
    if (settings) return settings;
    switch (operation) {
      case 'pulls/list-reviews':
        if (!pull) return [404, component('basic-error', { message: 'Not Found' })];
        return [
          200,
          pull.reviews.map((r, i) =>
            component('pull-request-review', {
              id: i + 1,
              user: component('simple-user', { login: r.user }),
              state: r.state,
              commit_id: r.commitId,
              submitted_at: r.submittedAt ?? '2026-01-01T00:00:00Z',
            }),
          ),
        ];
      case 'issues/list-comments':
        return [200, (this.comments.get(Number(params.issue_number)) ?? []).map((c) => this.commentFixture(c))];
      case 'issues/create-comment': {
        const comment = { id: this.nextId++, body: body.body as string };
        const list = this.comments.get(Number(params.issue_number)) ?? [];
        list.push(comment);
        this.comments.set(Number(params.issue_number), list);
        return [201, this.commentFixture(comment)];
      }
      case 'issues/update-comment': {
        for (const list of this.comments.values()) {
          const comment = list.find((c) => c.id === Number(params.comment_id));
          if (comment) {
            comment.body = body.body;
            return [200, this.commentFixture(comment)];
          }
        }
        return [404, component('basic-error', { message: 'Not Found' })];
      }
      case 'teams/get-by-name': {
        if (this.teamsForbidden || !this.teams.has(`${params.org}/${params.team_slug}`))
          return [404, component('basic-error', { message: 'Not Found' })];
        return [200, component('team-full', { slug: params.team_slug, name: params.team_slug })];
      }
      case 'teams/get-membership-for-user-in-org': {
        if (this.teamsForbidden) return [404, component('basic-error', { message: 'Not Found' })];
        const members = this.teams.get(`${params.org}/${params.team_slug}`);
        if (!members?.has(params.username!)) return [404, component('basic-error', { message: 'Not Found' })];
        return [
          200,
          component('team-membership', {
            role: 'member',
            state: 'active',
            url: `https://api.github.invalid/teams/1/memberships/${params.username}`,
          }),
        ];
      }
      case 'repos/list-pull-requests-associated-with-commit':
        return [200, (this.commitPulls.get(params.commit_sha!) ?? []).map((n) => this.pullSimple(this.pulls.get(n)!))];
      case 'pulls/create': {
        const number = this.pulls.size + 1;
        const created: FakePull = {
          number,
          author: 'modelreg-bot',
          headSha: 'f'.repeat(40),
          headRef: body.head,
          baseRef: body.base,
          reviews: [],
          mergedAt: null,
        };
        this.pulls.set(number, created);
        return [201, this.pullFull(created, body)];
      }
      case 'issues/add-labels': {
        const pull = this.pulls.get(Number(params.issue_number));
        if (!pull) return [404, component('basic-error', { message: 'Not Found' })];
        const names = (body.labels as string[]).filter((l) => !(pull.labels ?? []).includes(l));
        pull.labels = [...(pull.labels ?? []), ...names];
        return [200, pull.labels.map((name, i) => component('label', { id: i + 1, name }))];
      }
      default:
        this.violations.push(`${operation}: the fake does not implement this operation`);
        return [501, component('basic-error', { message: 'not implemented by the fake' })];
    }
  }

  private commentFixture(comment: { id: number; body: string }): Json {
    return component('issue-comment', {
      id: comment.id,
      body: comment.body,
      user: component('simple-user', { login: 'github-actions[bot]' }),
    });
  }

  private pullSimple(pull: FakePull): Json {
    return component('pull-request-simple', {
      number: pull.number,
      // pull-request-simple's labels are not the label schema: their description is a string, never null.
      labels: (pull.labels ?? []).map((name, i) => component('label', { id: i + 1, name, description: '' })),
      html_url: `https://github.invalid/acme/registry/pull/${pull.number}`,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha ?? null,
      user: component('simple-user', { login: pull.author }),
      head: {
        ...sample({ $ref: '#/components/schemas/pull-request-simple' }).head,
        sha: pull.headSha,
        ref: pull.headRef,
        label: pull.headRef,
        repo: component('repository', {}),
        user: component('simple-user', { login: pull.author }),
      },
      base: {
        ...sample({ $ref: '#/components/schemas/pull-request-simple' }).base,
        ref: pull.baseRef,
        label: pull.baseRef,
        repo: component('repository', {}),
        user: component('simple-user', { login: 'acme' }),
      },
    });
  }

  private pullFull(pull: FakePull, body: Json): Json {
    return component('pull-request', {
      number: pull.number,
      title: body.title,
      body: body.body,
      html_url: `https://github.invalid/acme/registry/pull/${pull.number}`,
      user: component('simple-user', { login: pull.author }),
      head: {
        label: pull.headRef,
        ref: pull.headRef,
        sha: pull.headSha,
        repo: component('repository', {}),
        user: component('simple-user', { login: 'acme' }),
      },
      base: {
        label: pull.baseRef,
        ref: pull.baseRef,
        sha: 'e'.repeat(40),
        repo: component('repository', {}),
        user: component('simple-user', { login: 'acme' }),
      },
    });
  }

  private send(res: ServerResponse, status: number, payload: Json, route: Route | undefined): void {
    if (route && status < 500) {
      const responses = route.operation.responses ?? {};
      const declared = deref(responses[String(status)] ?? responses.default);
      if (!declared)
        this.violations.push(`${route.method} ${route.template}: status ${status} is not a documented response`);
      else if (declared.content?.['application/json']) {
        const key = responses[String(status)] ? String(status) : 'default';
        const ref = responses[key].$ref as string | undefined;
        const base = ref
          ? ref.slice(2).split('/')
          : ['paths', route.template, route.method.toLowerCase(), 'responses', key];
        const validate = validatorFor(pointerOf(...base, 'content', 'application/json', 'schema'));
        if (!validate(payload))
          this.violations.push(`${route.method} ${route.template} ${status} response: ${this.ajvErrors(validate)}`);
      }
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  }

  private ajvErrors(validate: ValidateFunction): string {
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message}`)
      .join('; ');
  }
}
