/**
 * Metadata keys and stored values shared by a decorator and the check that reads it. Kept apart
 * from both so that neither imports the other (decorators bring their interceptors, and the
 * interceptors read the decorators' metadata).
 */

/** Metadata key of `@Idempotent()`. */
export const IDEMPOTENT_METADATA = 'api-edge:idempotent';

/** What `@Idempotent()` stores on a route: off, or on with its requirement. */
export type IdempotentRouteSetting = false | { readonly required: boolean };
