/**
 * Messages between the main thread and the model workers (parallel-models.ts,
 * parallel-worker.ts). Everything here crosses a thread by structured clone:
 * plain data only, errors described rather than thrown across.
 */
import type { ErrorCode } from '../domain/error-codes.js';
import { isUserError, UserError } from '../domain/errors.js';
import type { Finding } from '../domain/findings.js';

/** Full validation of one batch of models, judged together as the serial path judges them. */
export interface ValidateJob {
  readonly task: 'validate';
  readonly models: readonly string[];
}

/** `list` rows of each model. */
export interface ListJob {
  readonly task: 'list';
  readonly models: readonly string[];
}

export type ModelJob = ValidateJob | ListJob;

export interface ModelBatchResult {
  /** Every finding of the batch, in the order the rules reported them. */
  readonly findings: readonly Finding[];
  /** Per model, the findings that may be kept by its tree id; models missing here are not kept. */
  readonly keep: readonly (readonly [model: string, findings: readonly Finding[]])[];
}

/**
 * Per model of the job, in its order: the rows, or why they could not be read.
 * `Row` is list's row (registry-view.ts's VersionSummary): the pool below the registry carries it, plain data.
 */
export type ModelRowsResult<Row = unknown> = readonly (
  { readonly rows: readonly Row[] } | { readonly error: ThrownError }
)[];

export type ModelJobResult = ModelBatchResult | ModelRowsResult;

export interface ThrownError {
  readonly message: string;
  readonly stack?: string;
  /** Set for a UserError, which is rebuilt as one (its exit status follows from the code). */
  readonly user?: { readonly code: ErrorCode; readonly hint: string };
}

export type ModelJobReply =
  { readonly id: number; readonly result: ModelJobResult } | { readonly id: number; readonly error: ThrownError };

export function describeError(error: unknown): ThrownError {
  if (isUserError(error)) return { message: error.message, user: { code: error.code, hint: error.hint } };
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

/** The error a worker described, thrown again on this side: a UserError stays one (its code and exit status). */
export function rebuildError(error: ThrownError): Error {
  if (error.user) return new UserError(error.user.code, error.message, error.user.hint);
  return Object.assign(new Error(error.message), { stack: error.stack });
}
