import type { Catalogue } from '../errors/catalogue.js';
import type { Clock } from '../stores/edge-store.js';

/**
 * What a section resolver may read besides its own section: the core options, resolved first.
 * A narrow type (not `ApiEdgeOptions`) so section files do not import the root options file,
 * which imports them.
 */
export interface SectionContext {
  readonly catalogue: Catalogue<string>;
  readonly clock: Clock;
}
