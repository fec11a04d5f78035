/**
 * Base of the errors thrown at start-up when options are wrong. Messages read
 * "Cannot X because Y. Fix: Z" so the fix is in the first line of the crash.
 */
export class ApiEdgeConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** The catalogue is inconsistent (duplicate wire codes, a status outside 400-599, an unknown key …). */
export class CatalogueConfigurationError extends ApiEdgeConfigurationError {}

/** A module option is missing or has a wrong value. */
export class OptionsConfigurationError extends ApiEdgeConfigurationError {}
