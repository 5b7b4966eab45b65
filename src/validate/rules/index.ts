/** The contract: every rule a change to the registry must satisfy. */
import type { Rule } from '../validation-input.js';
import { checkArtifacts } from './artifact-rules.js';
import { checkCaseCollisions } from './case-rules.js';
import { checkExtensions } from './extension-rules.js';
import { checkChangedFiles } from './file-rules.js';
import { checkGates } from './gate-rules.js';
import { checkImmutability } from './immutability-rules.js';
import { checkLineage } from './lineage-rules.js';
import { checkModels } from './model-rules.js';
import { checkProvenance } from './provenance-rules.js';
import { checkPolicyChange } from './policy-rules.js';
import { checkSignatures } from './signature-rules.js';
import { checkSplits } from './split-rules.js';
import { checkStages } from './stage-rules.js';

export const CONTRACT_RULES: readonly Rule[] = [
  checkChangedFiles,
  checkCaseCollisions,
  checkPolicyChange,
  checkModels,
  checkImmutability,
  checkStages,
  checkSplits,
  checkGates,
  checkArtifacts,
  checkLineage,
  checkSignatures,
  checkExtensions,
  checkProvenance,
];
