import type { Principal } from '../../lib/index.js';

/**
 * The account a request acts for. Routes left public by a profile without authentication act for
 * one shared `public` account, so the app also runs with no checks configured.
 */
export function accountOf(principal: Principal | undefined): string {
  return principal?.accountId ?? 'public';
}
