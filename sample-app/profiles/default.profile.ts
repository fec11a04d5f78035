import type { SampleProfile } from './sample-profile.js';

/**
 * The library's defaults: the built-in catalogue as shipped, the `nested` envelope. Used when no
 * `PROFILE` is given; a starting point, not a seed contract.
 */
export const defaultProfile: SampleProfile = {
  name: 'default',
  seed: null,
  envelope: 'nested',
  catalogue: {},
  // Sends are @Idempotent(): without the section the route table refuses to start.
  checks: () => ({ idempotency: {} }),
};
