/**
 * Our GitHub files as GitHub reads them: every action.yml and every workflow (the
 * template's and this repository's own .github/workflows/)
 * goes through GitHub's own parser (@actions/workflow-parser, the one behind
 * the Actions language service), and each step that uses one of our actions
 * passes only inputs that action declares and every input it requires.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import { convertActionTemplate, parseAction, type ActionTemplate } from '@actions/workflow-parser/actions/index';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';

const ROOT = process.cwd();
/** How the template workflows (and our docs) name our actions: the root action and actions/<name>. */
const OUR_ACTION = /^modelreg\/modelreg(?:\/(actions\/[a-z-]+))?@[\w.-]+$/;

const actionFiles = [
  'action.yml',
  ...readdirSync(join(ROOT, 'actions')).map((name) => `actions/${name}/action.yml`),
].filter((file) => existsSync(join(ROOT, file)));
const workflowFiles = ['registry-template/.github/workflows', '.github/workflows']
  .filter((dir) => existsSync(join(ROOT, dir)))
  .flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => `${dir}/${name}`),
  );

interface ParsedAction {
  readonly errors: string[];
  readonly action: ActionTemplate | undefined;
}

function readAction(name: string, content: string): ParsedAction {
  const parsed = parseAction({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !parsed.value) return { errors, action: undefined };
  const action = convertActionTemplate(parsed.context, parsed.value);
  return { errors: parsed.context.errors.getErrors().map((e) => e.message), action };
}

interface UsesStep {
  readonly job: string;
  readonly uses: string;
  readonly with: string[];
  readonly line: number | undefined;
}

/** GitHub's parse of a workflow: its errors, and every `uses:` step with the keys of its `with:`. */
async function readWorkflow(name: string, content: string): Promise<{ errors: string[]; steps: UsesStep[] }> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (!parsed.value) return { errors: parsed.context.errors.getErrors().map((e) => e.message), steps: [] };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const errors = [
    ...parsed.context.errors.getErrors().map((e) => e.message),
    ...(template.errors ?? []).map((e) => e.Message),
  ];
  // The converted model drops `with:`; the token tree GitHub validated still has it.
  const steps: UsesStep[] = [];
  const jobs = field(parsed.value, 'jobs');
  if (jobs && isMapping(jobs)) {
    for (const { key, value: job } of jobs) {
      const jobSteps = isMapping(job) ? field(job, 'steps') : undefined;
      if (!jobSteps || !isSequence(jobSteps)) continue;
      for (const step of jobSteps) {
        const uses = isMapping(step) ? field(step, 'uses') : undefined;
        if (!uses || !isString(uses)) continue;
        const inputs = field(step, 'with');
        steps.push({
          job: String(key),
          uses: uses.value,
          with: inputs && isMapping(inputs) ? [...inputs].map((pair) => String(pair.key)) : [],
          line: uses.line,
        });
      }
    }
  }
  return { errors, steps };
}

function field(token: TemplateToken, name: string): TemplateToken | undefined {
  return isMapping(token) ? token.find(name) : undefined;
}

/** What a step that uses `uses` gets wrong about the action's inputs, as GitHub's runner would see them. */
function inputProblems(step: UsesStep, action: ActionTemplate): string[] {
  const declared = new Map((action.inputs ?? []).map((input) => [input.id, input]));
  const problems = step.with
    .filter((key) => !declared.has(key))
    .map((key) => `"${key}" is not an input of ${step.uses}`);
  for (const input of declared.values()) {
    if (input.required && input.default === undefined && !step.with.includes(input.id))
      problems.push(`${step.uses} requires "${input.id}"`);
  }
  return problems;
}

/** The action.yml a `uses:` of ours names, relative to the repository root, or undefined for someone else's action. */
function ourActionFile(uses: string): string | undefined {
  const match = OUR_ACTION.exec(uses);
  if (!match) return undefined;
  return match[1] ? `${match[1]}/action.yml` : 'action.yml';
}

describe('every action.yml, as GitHub reads it', () => {
  it('finds the root action and one per actions/ folder', () => {
    expect(actionFiles).toEqual(
      expect.arrayContaining([
        'action.yml',
        'actions/catalog/action.yml',
        'actions/guard/action.yml',
        'actions/promote/action.yml',
        'actions/rollback/action.yml',
      ]),
    );
  });

  for (const file of actionFiles) {
    it(`${file} parses and validates, runs on node24, and its main script exists`, () => {
      const { errors, action } = readAction(file, readFileSync(join(ROOT, file), 'utf8'));
      expect(errors).toEqual([]);
      expect(action?.runs).toMatchObject({ using: 'node24' });
      const main = (action!.runs as { main: string }).main;
      expect(existsSync(join(ROOT, dirname(file), main)), `${file}: runs.main ${main}`).toBe(true);
      expect(relative(ROOT, join(ROOT, dirname(file), main))).toMatch(/^dist\//);
    });
  }
});

describe('every workflow, as GitHub reads it', () => {
  it('finds the template workflows', () => {
    expect(workflowFiles.length).toBeGreaterThanOrEqual(4);
  });

  it("finds this repository's own workflows (the release pipeline, test/release-workflow.test.ts)", () => {
    expect(workflowFiles).toContain('.github/workflows/release.yml');
  });

  for (const file of workflowFiles) {
    it(`${file} parses and validates, and each use of our actions matches that action's inputs`, async () => {
      const { errors, steps } = await readWorkflow(file, readFileSync(join(ROOT, file), 'utf8'));
      expect(errors).toEqual([]);
      const ours = steps.filter((step) => step.uses.startsWith('modelreg/'));
      for (const step of ours) {
        const actionFile = ourActionFile(step.uses);
        expect(
          actionFile && existsSync(join(ROOT, actionFile)),
          `${file}:${step.line}: ${step.uses} names none of our actions`,
        ).toBe(true);
        const { errors: actionErrors, action } = readAction(actionFile!, readFileSync(join(ROOT, actionFile!), 'utf8'));
        expect(actionErrors, `${actionFile}, used at ${file}:${step.line}`).toEqual([]);
        expect(inputProblems(step, action!), `${file}:${step.line}`).toEqual([]);
      }
    });
  }

  it('the template workflows use every one of our actions', async () => {
    const used = new Set<string>();
    for (const file of workflowFiles.filter((f) => f.startsWith('registry-template/'))) {
      for (const step of (await readWorkflow(file, readFileSync(join(ROOT, file), 'utf8'))).steps) {
        const actionFile = ourActionFile(step.uses);
        if (actionFile) used.add(actionFile);
      }
    }
    expect([...used].sort()).toEqual([...actionFiles].sort());
  });
});

/** The complete workflow files docs/lifecycle.md shows: fenced YAML whose first line names .github/workflows/. */
const lifecycleWorkflows = [
  ...readFileSync(join(ROOT, 'docs/lifecycle.md'), 'utf8').matchAll(
    /```yaml\n(# \.github\/workflows\/[^\n]*\n[\s\S]*?)```/g,
  ),
].map((match) => match[1]!);

describe('the workflows docs/lifecycle.md shows, as GitHub reads them', () => {
  it('finds the cross-registry promotion workflow', () => {
    expect(lifecycleWorkflows.some((text) => text.includes('--to-registry acme/models-prod'))).toBe(true);
  });

  for (const text of lifecycleWorkflows) {
    it(`${text.split('\n')[0]} parses and validates, passing no event data into run:`, async () => {
      const { errors, steps } = await readWorkflow('docs/lifecycle.md', text);
      expect(errors).toEqual([]);
      expect(steps.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/run:.*\$\{\{/);
    });
  }
});

describe('the checks above catch what GitHub would refuse', () => {
  it('an unquoted "(default: …)" in a description is invalid YAML', () => {
    const broken =
      'name: x\ndescription: y\ninputs:\n  branch:\n    description: Branch (default: named after the change).\nruns:\n  using: node24\n  main: index.js\n';
    expect(readAction('broken.yml', broken).errors.join('\n')).toMatch(/Nested mappings are not allowed/);
  });

  it('an action that runs on a runtime GitHub does not know is refused', () => {
    const stale = 'name: x\ndescription: y\nruns:\n  using: node8\n  main: index.js\n';
    expect(readAction('stale.yml', stale).errors).not.toEqual([]);
  });

  it('a workflow with an unknown key, an undeclared input and a missing required input are reported', async () => {
    const workflow = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    stepz: []'].join('\n');
    expect((await readWorkflow('bad.yml', workflow)).errors.join('\n')).toMatch(/stepz/);

    const promote = readAction(
      'actions/promote/action.yml',
      'name: p\ndescription: d\ninputs:\n  model: {description: m, required: true}\n  github-token: {description: t, required: true}\n  stage: {description: s, default: production}\nruns: {using: node24, main: i.js}\n',
    ).action!;
    const step: UsesStep = {
      job: 'a',
      uses: 'modelreg/modelreg/actions/promote@v1',
      with: ['model', 'stagee'],
      line: 1,
    };
    expect(inputProblems(step, promote)).toEqual([
      '"stagee" is not an input of modelreg/modelreg/actions/promote@v1',
      'modelreg/modelreg/actions/promote@v1 requires "github-token"',
    ]);
  });
});
