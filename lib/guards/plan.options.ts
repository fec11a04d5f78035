/** STUB (to be written by the owner of this feature): options of this check. */
export interface PlanOptions {
  /** Placeholder until the feature lands. */
  readonly enabled?: boolean;
}
