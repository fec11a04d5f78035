/**
 * One step of a request's store work, as `EdgeStore.batch` runs it. A batch runs its
 * operations in order and stops after the first one that does not pass, so a refused request
 * spends nothing after the step that refused it (exactly as the checks did when each awaited its
 * own call):
 * - `'unblocked'`: passes unless `key` holds a block end (ms since the epoch) later than `now`
 *   (the brute-force block, a rate window's block marker). Reads only.
 * - `'setIfAbsent'`: `EdgeStore.setIfAbsent` of a record (a signature nonce); passes when stored.
 * - `'increment'`: `EdgeStore.increment` of a counter by 1 (a rate window, a quota); passes
 *   while the count is at most `limit` (always, without one). On the hit that exceeds it,
 *   `onExceed` (a block marker) is stored with `setIfAbsent`, so the first marker wins.
 */
export type EdgeStoreOperation =
  | { readonly type: 'unblocked'; readonly key: string; readonly now: number }
  | { readonly type: 'setIfAbsent'; readonly key: string; readonly value: string; readonly ttlMs: number }
  | {
      readonly type: 'increment';
      readonly key: string;
      readonly ttlMs: number;
      readonly limit?: number;
      readonly onExceed?: { readonly key: string; readonly value: string; readonly ttlMs: number };
    };

/** What one operation of a batch answered. */
export interface EdgeStoreOperationResult {
  /** Whether the operation passed; the batch stops after the first that did not. */
  readonly passed: boolean;
  /** `'increment'`: the counter after the hit (0 otherwise). */
  readonly count: number;
  /** `'increment'`: milliseconds until the counter expires (0 otherwise). */
  readonly ttlMs: number;
  /** `'unblocked'` that did not pass: the block's end as stored (otherwise `undefined`). */
  readonly value: string | undefined;
}
