/**
 * Base of the errors thrown at start-up when options are wrong. Messages read
 * "Cannot X because Y. Fix: Z" so the fix is in the first line of the crash.
 */
export class ApiEdgeConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** The catalogue is inconsistent (duplicate wire codes, a status outside 400-599, an unknown key …). */
export class CatalogueConfigurationError extends ApiEdgeConfigurationError {}

/** A module option is missing or has a wrong value. */
export class OptionsConfigurationError extends ApiEdgeConfigurationError {}

/**
 * A route's decorators cannot work with the module's options (an unknown catalogue key, a limit
 * with no counter, `@Idempotent()` while idempotency is off …). The message starts with the route
 * (`[Controller.method]`); thrown by the route table at `app.init()`.
 */
export class RouteConfigurationError extends ApiEdgeConfigurationError {}
