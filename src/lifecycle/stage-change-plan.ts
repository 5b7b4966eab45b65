/** What a planned stage change is: the moves, the weights in a split stage, the edits and the commit message. */
export interface StageMove {
  readonly version: string;
  readonly from: string;
  readonly to: string;
}

/** One version's weight in a split stage before and after (0: not a holder). */
export interface WeightChange {
  readonly version: string;
  readonly from: number;
  readonly to: number;
}

export interface StageChangePlan {
  readonly model: string;
  /** Every version whose stage changes, the requested one first. */
  readonly moves: readonly StageMove[];
  /** Into a split stage: every holder's weight before and after, the requested version first. */
  readonly weights?: readonly WeightChange[];
  /** path → new text (one changed line per file for a stage change), or null to delete. */
  readonly edits: ReadonlyMap<string, string | null>;
  readonly subject: string;
  readonly message: string;
}
