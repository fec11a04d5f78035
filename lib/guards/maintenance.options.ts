/** STUB (to be written by the owner of this feature): options of this check. */
export interface MaintenanceOptions {
  /** Placeholder until the feature lands. */
  readonly enabled?: boolean;
}
