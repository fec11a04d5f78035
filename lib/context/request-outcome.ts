import type { EdgeRequestState } from './edge-request-state.js';

// One request can pass the global guard several times (each top-level resolver of a GraphQL
// operation runs it on the same HTTP request). A check that counts or stores something (rate
// windows, quotas, the signature nonce) must act once per request and then repeat its outcome:
// pass, or the same refusal. Internal; one mechanism for every such check.

type Outcomes = EdgeRequestState & { [key: symbol]: true | Error | undefined };

/**
 * Whether `check` already acted on this request: `false` the first time (and the check is then
 * marked as passed until {@link refuseOnce} says otherwise); `true` when it passed; throws the
 * refusal it gave.
 */
export function actedBefore(state: EdgeRequestState, check: symbol): boolean {
  const outcomes = state as Outcomes;
  const outcome = outcomes[check];
  if (outcome === undefined) {
    outcomes[check] = true;
    return false;
  }
  if (outcome !== true) throw outcome;
  return true;
}

/** Remembers `refusal` as the check's outcome for this request and returns it, to be thrown. */
export function refuseOnce(state: EdgeRequestState, check: symbol, refusal: unknown): unknown {
  (state as Outcomes)[check] = refusal as Error;
  return refusal;
}
