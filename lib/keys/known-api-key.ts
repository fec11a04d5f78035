import type { BuiltInErrorKey } from '../errors/built-in-catalogue.js';
import type { Principal } from '../ports/principal.js';

/**
 * A looked-up key as the lookup cache keeps it: the principal is built once, the time-dependent
 * parts are kept apart so they are re-checked on every request.
 */
export interface KnownApiKey {
  readonly principal: Principal;
  /** A status refusal (deleted, revoked, inactive), independent of time. */
  readonly refusal: BuiltInErrorKey | null;
  /** ms since the epoch; `Infinity` when the key never expires. Checked on every request. */
  readonly expiresAt: number;
  readonly accountInactive: boolean;
}
