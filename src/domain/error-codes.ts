/**
 * Every code a command can fail with, in one place: the exit status it gives,
 * what it means, and where docs/contract.md explains it. A `UserError` takes
 * its exit status from here, so two throws of one code cannot disagree, and
 * a code missing from this table does not typecheck. test/docs.test.ts keeps
 * the table and the documentation's "Command errors" tables in step.
 */

/** A subsection of docs/contract.md's "Command errors" (GitHub's slug of its heading). */
export type ErrorDocAnchor =
  | 'arguments-and-names'
  | 'the-repository'
  | 'changes'
  | 'commits-and-branches'
  | 'github'
  | 'the-actions'
  | 'read-api'
  | 'artifacts'
  | 'guardrails';

export interface ErrorCodeEntry {
  /** 1: refused, or nothing found; 2: usage, the environment, or something in the way. */
  readonly exit: 1 | 2;
  /** One line; docs/contract.md says more. */
  readonly meaning: string;
  readonly anchor: ErrorDocAnchor;
  /**
   * Set when a finding has this code too: `verify` reports the same failure
   * as a finding that `pull` or `register` fail with. Any other code a
   * finding uses is refused by test/docs.test.ts.
   */
  readonly sameAsFinding?: true;
}

export const ERROR_CODES = {
  // Arguments and names
  USAGE: { exit: 2, anchor: 'arguments-and-names', meaning: 'malformed arguments' },
  INVALID_REFERENCE: {
    exit: 2,
    anchor: 'arguments-and-names',
    meaning: 'not <model>, <model>@<version> or <model>@<stage>',
  },
  INVALID_MODEL_NAME: { exit: 2, anchor: 'arguments-and-names', meaning: 'a model name that is not valid' },
  MODEL_NOT_FOUND: { exit: 1, anchor: 'arguments-and-names', meaning: 'no such model' },
  VERSION_NOT_FOUND: { exit: 1, anchor: 'arguments-and-names', meaning: 'no such version' },
  STAGE_NOT_FOUND: {
    exit: 2,
    anchor: 'arguments-and-names',
    meaning: 'an argument names a stage registry.yaml does not declare',
  },
  AMBIGUOUS_STAGE: {
    exit: 1,
    anchor: 'arguments-and-names',
    meaning: 'several versions hold the exclusive stage asked for: the registry is inconsistent',
  },
  NOTHING_IN_STAGE: { exit: 1, anchor: 'arguments-and-names', meaning: 'no version holds the stage' },
  INVALID_ENTRY: { exit: 1, anchor: 'arguments-and-names', meaning: 'a file needed to answer is invalid' },
  INVALID_POLICY: {
    exit: 1,
    anchor: 'arguments-and-names',
    meaning: 'modelreg schema in a registry whose registry.yaml is invalid',
  },
  BEFORE_HISTORY: {
    exit: 1,
    anchor: 'arguments-and-names',
    meaning: "--at names a date before the registry's first commit",
  },

  // The repository
  NOT_A_REPOSITORY: { exit: 2, anchor: 'the-repository', meaning: 'not inside a git repository' },
  NOT_A_REGISTRY: { exit: 2, anchor: 'the-repository', meaning: "no registry.yaml in the registry's directory" },
  // Registries per environment: the source registry a version is copied from
  SOURCE_NOT_ACCEPTED: {
    exit: 2,
    anchor: 'the-repository',
    meaning: "the target registry's registry.yaml does not declare this registry as a provenance source",
  },
  SOURCE_UNREACHABLE: { exit: 2, anchor: 'the-repository', meaning: 'the source registry cannot be read or fetched' },
  SOURCE_UNAUTHORIZED: { exit: 2, anchor: 'the-repository', meaning: 'the source registry refused the fetch' },
  REF_NOT_FOUND: { exit: 2, anchor: 'the-repository', meaning: 'a ref that does not resolve to a commit' },
  NOT_A_COMMIT: { exit: 2, anchor: 'the-repository', meaning: 'a name for a tree, blob or tag of one, not a commit' },
  TAG_CHAIN_TOO_DEEP: {
    exit: 2,
    anchor: 'the-repository',
    meaning: 'a tag of a tag of … more than 10 deep, where a commit is needed',
  },
  EMPTY_REPOSITORY: { exit: 2, anchor: 'the-repository', meaning: 'a repository without commits' },
  UNSAFE_REPOSITORY: { exit: 2, anchor: 'the-repository', meaning: 'git refuses a repository another user owns' },
  REPOSITORY_DAMAGED: {
    exit: 2,
    anchor: 'the-repository',
    meaning: 'an object the repository names is missing or damaged',
  },
  FILE_SYSTEM: { exit: 2, anchor: 'the-repository', meaning: 'the file system refused a write' },
  SHALLOW_CLONE: { exit: 2, anchor: 'the-repository', meaning: 'the answer needs commits a shallow clone lacks' },

  // Changes
  CONTRACT_VIOLATION: { exit: 1, anchor: 'changes', meaning: 'a write would break the contract' },
  REGISTRY_EXISTS: { exit: 2, anchor: 'changes', meaning: 'init: there is a registry already' },
  INIT_WOULD_OVERWRITE: { exit: 2, anchor: 'changes', meaning: 'init would overwrite a file' },
  DIRECTORY_NOT_EMPTY: { exit: 2, anchor: 'changes', meaning: 'init into a directory that is not empty' },
  OWNER_REQUIRED: { exit: 2, anchor: 'changes', meaning: '--owner missing for a new model' },
  OWNER_NOT_APPLICABLE: { exit: 2, anchor: 'changes', meaning: '--owner given for an existing model' },
  MODEL_FIELD_NOT_APPLICABLE: { exit: 2, anchor: 'changes', meaning: 'register --task/--goal for an existing model' },
  NEW_MODEL_UNCONFIRMED: {
    exit: 2,
    anchor: 'changes',
    meaning: 'a new model one edit away from an existing one, without --new-model',
  },
  MODEL_EXISTS: { exit: 2, anchor: 'changes', meaning: 'register --new-model names an existing model' },
  VERSION_REQUIRED: { exit: 2, anchor: 'changes', meaning: 'neither --version nor --bump' },
  INVALID_VERSION: { exit: 2, anchor: 'changes', meaning: 'a version that is not semantic versioning' },
  VERSION_EXISTS: { exit: 2, anchor: 'changes', meaning: 'the version is registered already' },
  DIGEST_MISMATCH: { exit: 2, anchor: 'changes', meaning: "register: --digest differs from the --file's sha256" },
  FILE_NOT_FOUND: { exit: 2, anchor: 'changes', meaning: 'register: the --file cannot be read' },
  ALREADY_IN_STAGE: { exit: 1, anchor: 'changes', meaning: 'the version already holds the stage' },
  NO_DEMOTE_TO: { exit: 2, anchor: 'changes', meaning: 'an exclusive stage has a holder and no demote_to' },
  STAGE_NOT_SPLIT: { exit: 2, anchor: 'changes', meaning: '--weight names a stage that is not split' },
  SPLIT_WEIGHT_INVALID: {
    exit: 2,
    anchor: 'changes',
    meaning: '--weight is not 1-100, or the weights it asks for cannot sum to 100',
  },
  NOTHING_TO_ROLL_BACK: { exit: 1, anchor: 'changes', meaning: "the stage's holders never changed on this branch" },
  NEVER_HELD_STAGE: { exit: 1, anchor: 'changes', meaning: 'rollback --to names a version that never held the stage' },
  ROLLBACK_CONFLICT: { exit: 1, anchor: 'changes', meaning: 'later changes touch the lines the rollback would revert' },
  ROLLBACK_OF_ROLLBACK: { exit: 1, anchor: 'changes', meaning: 'rollback without --to would revert a rollback' },
  ALREADY_DEPRECATED: { exit: 1, anchor: 'changes', meaning: 'the version already has a deprecation' },
  NOTHING_TO_CHANGE: { exit: 1, anchor: 'changes', meaning: 'model set: model.yaml already says what was asked' },
  NOT_PRESENT: { exit: 1, anchor: 'changes', meaning: 'model set removes an owner or tag the model does not have' },
  UNEDITABLE_ENTRY: {
    exit: 1,
    anchor: 'changes',
    meaning: 'the file cannot be edited without changing more than the one value',
  },

  // Commits and branches
  NO_GIT_IDENTITY: { exit: 2, anchor: 'commits-and-branches', meaning: 'git user.name / user.email are not set' },
  DETACHED_HEAD: { exit: 2, anchor: 'commits-and-branches', meaning: 'no branch to commit to' },
  WORKTREE_CONFLICT: { exit: 2, anchor: 'commits-and-branches', meaning: 'an uncommitted file is in the way' },
  DIRTY_WORKTREE: {
    exit: 2,
    anchor: 'commits-and-branches',
    meaning: 'uncommitted edits in the files a change would touch',
  },
  CONCURRENT_UPDATE: { exit: 2, anchor: 'commits-and-branches', meaning: 'the branch moved while modelreg worked' },
  REF_LOCKED: { exit: 2, anchor: 'commits-and-branches', meaning: "another git command holds the ref's lock" },
  INDEX_LOCKED: { exit: 2, anchor: 'commits-and-branches', meaning: 'another git command holds index.lock' },
  WRITE_IN_PROGRESS: { exit: 2, anchor: 'commits-and-branches', meaning: 'another modelreg process is writing' },
  WRITE_UNDONE: {
    exit: 2,
    anchor: 'commits-and-branches',
    meaning: 'the working tree could not follow the branch, so the branch was moved back',
  },
  WRITE_INCOMPLETE: {
    exit: 2,
    anchor: 'commits-and-branches',
    meaning: 'the branch moved but the working tree could not follow; the next write finishes it',
  },
  INTERRUPTED_WRITE: {
    exit: 2,
    anchor: 'commits-and-branches',
    meaning: 'an earlier stopped write left a file that has been edited since',
  },
  BRANCH_EXISTS: { exit: 2, anchor: 'commits-and-branches', meaning: "the pull request's branch exists" },
  INVALID_BRANCH_NAME: { exit: 2, anchor: 'commits-and-branches', meaning: 'not a valid branch name' },
  PUSH_REJECTED: { exit: 2, anchor: 'commits-and-branches', meaning: 'the remote rejected the branch' },
  PUSH_UNAUTHORIZED: { exit: 2, anchor: 'commits-and-branches', meaning: 'the remote refused the credentials' },
  PUSH_FAILED: { exit: 2, anchor: 'commits-and-branches', meaning: 'pushing the branch failed' },

  // GitHub
  NO_GITHUB_TOKEN: { exit: 2, anchor: 'github', meaning: 'no GitHub token' },
  NO_REMOTE: { exit: 2, anchor: 'github', meaning: 'no origin remote to tell the GitHub repository' },
  TARGET_UNREACHABLE: { exit: 2, anchor: 'github', meaning: 'the target registry OWNER/REPO cannot be cloned' },
  TARGET_UNAUTHORIZED: { exit: 2, anchor: 'github', meaning: 'the target registry OWNER/REPO refused the clone' },
  UNKNOWN_GITHUB_REPOSITORY: { exit: 2, anchor: 'github', meaning: 'cannot tell which GitHub repository to use' },
  INSECURE_TRANSPORT: {
    exit: 2,
    anchor: 'github',
    meaning: 'a token or a registry would go over plain http',
    sameAsFinding: true,
  },
  PULL_REQUEST_FAILED: { exit: 2, anchor: 'github', meaning: 'the branch was pushed but the pull request not opened' },
  GITHUB_API: { exit: 2, anchor: 'github', meaning: 'a GitHub API call failed' },
  GITHUB_UNAUTHORIZED: { exit: 2, anchor: 'github', meaning: 'GitHub did not accept the token' },
  GITHUB_REPOSITORY_NOT_FOUND: { exit: 2, anchor: 'github', meaning: 'GitHub shows the token no such repository' },
  GITHUB_FORBIDDEN: { exit: 2, anchor: 'github', meaning: 'GitHub refused to show the repository to the token' },

  // The actions
  ACTION_ENVIRONMENT: { exit: 2, anchor: 'the-actions', meaning: 'a runner variable or the event payload is missing' },
  ACTION_INPUT: { exit: 2, anchor: 'the-actions', meaning: 'an action input is missing or invalid' },
  UNSUPPORTED_EVENT: { exit: 2, anchor: 'the-actions', meaning: 'an event the validation action does not check' },
  PUSH_WITHOUT_BEFORE: { exit: 1, anchor: 'the-actions', meaning: 'a push that names no earlier commit' },
  PUSH_HISTORY_MISSING: { exit: 1, anchor: 'the-actions', meaning: 'a pushed commit is not in the checkout' },
  PUSH_FORCED: { exit: 1, anchor: 'the-actions', meaning: 'a force push' },
  PUSH_NOT_FIRST_PARENT: {
    exit: 1,
    anchor: 'the-actions',
    meaning: "the commit before the push is only on a merge's second parent",
  },

  // Read API
  READ_API_URL: { exit: 2, anchor: 'read-api', meaning: 'not a read API URL modelreg accepts' },
  READ_API_NOT_FOUND: { exit: 2, anchor: 'read-api', meaning: 'no read API, or a document of it, at the URL' },
  READ_API_UNREACHABLE: { exit: 2, anchor: 'read-api', meaning: 'the read API did not answer' },
  READ_API_INVALID: { exit: 2, anchor: 'read-api', meaning: 'a read API document modelreg did not write' },

  // Artifacts
  ARTIFACT_DIGEST_MISMATCH: {
    exit: 1,
    anchor: 'artifacts',
    meaning: "an artifact's bytes do not have the registered sha256",
    sameAsFinding: true,
  },
  ARTIFACT_SIZE_MISMATCH: {
    exit: 1,
    anchor: 'artifacts',
    meaning: 'an artifact does not have the registered size',
    sameAsFinding: true,
  },
  ARTIFACT_NOT_FOUND: { exit: 1, anchor: 'artifacts', meaning: 'no object at the URI', sameAsFinding: true },
  ARTIFACT_ACCESS_DENIED: {
    exit: 2,
    anchor: 'artifacts',
    meaning: 'the store refused the credentials',
    sameAsFinding: true,
  },
  ARTIFACT_UNREACHABLE: { exit: 2, anchor: 'artifacts', meaning: 'the store did not answer', sameAsFinding: true },
  ARTIFACT_TIMEOUT: { exit: 2, anchor: 'artifacts', meaning: 'the store sent nothing in time', sameAsFinding: true },
  ARTIFACT_STORE_UNSUPPORTED: {
    exit: 2,
    anchor: 'artifacts',
    meaning: "no store reads the URI's scheme",
    sameAsFinding: true,
  },
  ARTIFACT_STORE_CONFIG: { exit: 2, anchor: 'artifacts', meaning: 'a store cannot be set up', sameAsFinding: true },
  ARTIFACT_LOCATION_NOT_ALLOWED: {
    exit: 2,
    anchor: 'artifacts',
    meaning: 'the artifact is outside the locations registry.yaml allows, so the validation action does not read it',
    sameAsFinding: true,
  },
  ARTIFACT_ROLE_NOT_FOUND: { exit: 2, anchor: 'artifacts', meaning: 'pull --role names a role the version lacks' },

  // Guardrails (modelreg guard): a guard that cannot judge says so and writes nothing
  GUARD_NO_GUARDRAILS: { exit: 2, anchor: 'guardrails', meaning: 'registry.yaml declares no guardrails for the stage' },
  GUARD_INPUT_INVALID: { exit: 2, anchor: 'guardrails', meaning: 'the observations document is not what guard reads' },
  GUARD_UNKNOWN_METRIC: {
    exit: 2,
    anchor: 'guardrails',
    meaning: "the observations name a metric the stage's guardrails do not",
  },
  GUARD_NO_DATA: { exit: 2, anchor: 'guardrails', meaning: 'a guardrail metric has no observation' },
  GUARD_WINDOW_NOT_COVERED: {
    exit: 2,
    anchor: 'guardrails',
    meaning: "the data does not cover the guardrail's whole window",
  },
  GUARD_NO_REGISTERED_METRIC: {
    exit: 2,
    anchor: 'guardrails',
    meaning: 'max_drop for a metric the serving version was registered without',
  },
  GUARD_NO_QUERY: { exit: 2, anchor: 'guardrails', meaning: '--prometheus, but no query is declared for a metric' },
  GUARD_QUERY_AMBIGUOUS: { exit: 2, anchor: 'guardrails', meaning: 'a query returns several series' },
  GUARD_ROLLBACK_MISMATCH: {
    exit: 1,
    anchor: 'guardrails',
    meaning: 'the rollback would not take out the version the guardrails judged',
  },
  PROMETHEUS_UNREACHABLE: { exit: 2, anchor: 'guardrails', meaning: 'the Prometheus server does not answer' },
  PROMETHEUS_QUERY_FAILED: { exit: 2, anchor: 'guardrails', meaning: 'Prometheus refused or failed a query' },
} as const satisfies Record<string, ErrorCodeEntry>;

/** A code a `UserError` can carry. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The table's entry for `code`. */
export function errorCodeEntry(code: ErrorCode): ErrorCodeEntry {
  return ERROR_CODES[code];
}
