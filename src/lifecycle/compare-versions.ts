/**
 * Two versions side by side: metric deltas judged by each metric's goal,
 * changed params, artifacts, signature compatibility, and whether the second
 * would pass the gate of the stage the first holds.
 */
import type { VersionEntry } from '../contract/version-schema.js';
import type { Finding } from '../domain/findings.js';
import { planPromotion } from './plan-promotion.js';
import { OverlaySource } from '../snapshot/overlay-source.js';
import { validateChange } from '../validate/validate-change.js';
import { breakingChanges } from '../validate/rules/signature-rules.js';
import { differingPaths } from '../validate/rules/deep-diff.js';
import { UserError } from '../domain/errors.js';
import type { RegistryView } from '../registry/registry-view.js';

export type Verdict = 'better' | 'worse' | 'same' | 'unknown';

export interface MetricComparison {
  readonly name: string;
  readonly a: number | null;
  readonly b: number | null;
  readonly delta: number | null;
  readonly goal: 'maximize' | 'minimize' | null;
  readonly verdict: Verdict;
}

export interface ArtifactComparison {
  readonly role: string;
  readonly a: { uri: string; digest: string; size: number | null } | null;
  readonly b: { uri: string; digest: string; size: number | null } | null;
  readonly sameContent: boolean;
  readonly sizeDelta: number | null;
}

export interface Comparison {
  readonly model: string;
  readonly a: { readonly version: string; readonly stage: string };
  readonly b: { readonly version: string; readonly stage: string };
  readonly metrics: readonly MetricComparison[];
  readonly params: readonly { readonly name: string; readonly a: unknown; readonly b: unknown }[];
  readonly artifacts: readonly ArtifactComparison[];
  readonly signature: { readonly compatible: boolean; readonly breaking: readonly string[] } | null;
  /** Would b pass the gate of a's stage? null when both hold the same stage. */
  readonly gate: { readonly stage: string; readonly passes: boolean; readonly findings: readonly Finding[] } | null;
}

export async function compareVersions(
  view: RegistryView,
  model: string,
  versionA: string,
  versionB: string,
): Promise<Comparison> {
  if (versionA === versionB)
    throw new UserError('USAGE', 'compare needs two different versions', `e.g. modelreg compare ${model} 1.0.0 1.1.0`);
  const [a, b, details] = await Promise.all([
    view.version(model, versionA),
    view.version(model, versionB),
    view.model(model),
  ]);
  const goals = details.entry.metrics ?? {};
  const metricNames = [...new Set([...Object.keys(a.metrics ?? {}), ...Object.keys(b.metrics ?? {})])].sort();
  const metrics = metricNames.map((name): MetricComparison => {
    const va = a.metrics?.[name] ?? null;
    const vb = b.metrics?.[name] ?? null;
    const goal = goals[name]?.goal ?? null;
    const delta = va !== null && vb !== null ? round(vb - va) : null;
    const verdict: Verdict =
      delta === null || goal === null
        ? delta === 0
          ? 'same'
          : 'unknown'
        : delta === 0
          ? 'same'
          : delta > 0 === (goal === 'maximize')
            ? 'better'
            : 'worse';
    return { name, a: va, b: vb, delta, goal, verdict };
  });
  const paramNames = [...new Set(differingPaths(a.params ?? {}, b.params ?? {}).map((p) => String(p[0])))].sort();
  const params = paramNames.map((name) => ({ name, a: a.params?.[name] ?? null, b: b.params?.[name] ?? null }));
  const roles = [...new Set([...Object.keys(a.artifacts), ...Object.keys(b.artifacts)])].sort();
  const artifacts = roles.map((role): ArtifactComparison => {
    const x = a.artifacts[role];
    const y = b.artifacts[role];
    const pick = (art: typeof x) => (art ? { uri: art.uri, digest: art.digest, size: art.size ?? null } : null);
    return {
      role,
      a: pick(x),
      b: pick(y),
      sameContent: !!x && !!y && x.digest === y.digest,
      sizeDelta: x?.size !== undefined && y?.size !== undefined ? y.size - x.size : null,
    };
  });
  const signature = a.signature && b.signature ? signatureComparison(a, b) : null;
  return {
    model,
    a: { version: a.version, stage: a.stage },
    b: { version: b.version, stage: b.stage },
    metrics,
    params,
    artifacts,
    signature,
    gate: a.stage === b.stage ? null : await gateCheck(view, model, b.version, a.stage),
  };
}

function signatureComparison(a: VersionEntry, b: VersionEntry) {
  const breaking = breakingChanges(a.signature!, b.signature!);
  return { compatible: breaking.length === 0, breaking };
}

/** Validates the promotion of `version` into `stage` in memory and keeps what the gates say. */
async function gateCheck(view: RegistryView, model: string, version: string, stage: string) {
  const policy = await view.policy();
  const state = await view.snapshot.modelState(model);
  const plan = planPromotion(policy, state, version, stage);
  const encoder = new TextEncoder();
  const edits = new Map(
    [...plan.edits].map(([path, text]) => [path, text === null ? null : (encoder.encode(text) as Uint8Array)]),
  );
  const report = await validateChange({ base: view.source, head: new OverlaySource(view.source, edits) });
  const findings = report.findings.filter((f) => f.code.startsWith('GATE_') || f.code === 'ARTIFACT_ROLE_MISSING');
  return { stage, passes: !findings.some((f) => f.severity === 'error'), findings };
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
