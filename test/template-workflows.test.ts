import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { templateDir } from '../src/registry/template.js';

const workflowsDir = join(templateDir(), '.github', 'workflows');
const workflows = readdirSync(workflowsDir).map((name) => ({
  name,
  text: readFileSync(join(workflowsDir, name), 'utf8'),
}));

describe('the template workflows', () => {
  it('exist for the check, promote, promotion to another registry, rollback, guard and the catalog', () => {
    expect(workflows.map((w) => w.name).sort()).toEqual([
      'catalog.yml',
      'guard.yml',
      'modelreg.yml',
      'promote-to-registry.yml',
      'promote.yml',
      'rollback.yml',
    ]);
  });

  for (const { name, text } of workflows) {
    const workflow = parse(text);
    it(`${name}: least privilege, no pull_request_target, no event data inside run:`, () => {
      expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
      expect(Object.keys(workflow.on)).not.toContain('workflow_run');
      expect(workflow.permissions).toEqual({});
      for (const [jobName, job] of Object.entries(
        workflow.jobs as Record<
          string,
          {
            permissions: Record<string, string>;
            steps: { run?: string; uses?: string; with?: Record<string, unknown> }[];
          }
        >,
      )) {
        expect(job.permissions, `${name} job ${jobName} declares its permissions`).toBeDefined();
        expect(Object.values(job.permissions).every((p) => p === 'read' || p === 'write')).toBe(true);
        for (const step of job.steps) {
          if (step.run) expect(step.run).not.toMatch(/\$\{\{\s*(github\.event|inputs|needs)\./);
          if (step.uses?.startsWith('actions/checkout')) expect(step.with?.['fetch-depth']).toBe(0);
          const local = /^modelreg\/modelreg(\/actions\/[a-z]+)?@v1$/.exec(step.uses ?? '');
          if (local) expect(existsSync(join(local[1] ? local[1].slice(1) : '.', 'action.yml'))).toBe(true);
        }
      }
    });
  }

  it('modelreg.yml writes contents only in the push job', () => {
    const workflow = parse(workflows.find((w) => w.name === 'modelreg.yml')!.text);
    expect(workflow.jobs.validate.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(workflow.jobs.release.permissions.contents).toBe('write');
  });

  it('CODEOWNERS protects registry.yaml and .github/', () => {
    const owners = readFileSync(join(templateDir(), '.github', 'CODEOWNERS'), 'utf8');
    expect(owners).toMatch(/^\/registry\.yaml @/m);
    expect(owners).toMatch(/^\/\.github\/ @/m);
  });
});
