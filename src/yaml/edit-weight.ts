/**
 * The `weight:` line of a version entry in a split stage (`string → string`):
 * changed in place, added on the line after `stage:`, or removed, so that a
 * ramp step is a one-line diff per file (two when a version enters or leaves
 * the stage: its stage line and its weight line). The result is parsed back
 * and refused (UNEDITABLE_ENTRY) unless only the weight changed.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, parseDocument, type Pair, type Scalar } from 'yaml';
import { setScalar, YamlEditError } from './edit-yaml.js';

/** Sets the top-level `weight` to `weight`, or removes it when `weight` is undefined. */
export function setWeight(text: string, weight: number | undefined): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new YamlEditError('cannot edit an invalid version entry');
  if (doc.contents.flow)
    throw new YamlEditError('the entry is one flow-style mapping ({…}); its weight cannot be edited as a line');
  const pairs = doc.contents.items.filter(isPair) as Pair<Scalar, Scalar>[];
  const existing = pairs.find((p) => isScalar(p.key) && p.key.value === 'weight');
  let edited: string;
  if (existing && weight !== undefined) {
    edited = setScalar(text, ['weight'], String(weight));
  } else if (existing) {
    const [start] = existing.key.range!;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', existing.value?.range?.[1] ?? start);
    edited = text.slice(0, lineStart) + (lineEnd < 0 ? '' : text.slice(lineEnd + 1));
  } else if (weight !== undefined) {
    const stage = pairs.find((p) => isScalar(p.key) && p.key.value === 'stage');
    if (!stage?.value?.range) throw new YamlEditError('the entry has no stage line to put the weight after');
    const keyStart = stage.key.range![0];
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    const indent = text.slice(lineStart, keyStart);
    const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
    const stageLineEnd = text.indexOf('\n', stage.value.range[1]);
    if (stageLineEnd < 0) edited = `${text}${lineBreak}${indent}weight: ${weight}${lineBreak}`;
    else
      edited = `${text.slice(0, stageLineEnd + 1)}${indent}weight: ${weight}${lineBreak}${text.slice(stageLineEnd + 1)}`;
  } else {
    return text;
  }
  const intended = doc.toJS() as Record<string, unknown>;
  if (weight === undefined) delete intended.weight;
  else intended.weight = weight;
  const result = parseDocument(edited);
  if (result.errors.length > 0 || !isDeepStrictEqual(result.toJS(), intended)) {
    throw new YamlEditError('the weight cannot be changed without changing more of the file');
  }
  return edited;
}
