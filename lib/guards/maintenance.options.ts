import { checkOptionalBoolean, checkOptionalFunction, checkOptionalNonEmptyString, checkSectionObject, optionError } from '../options/option-checks.js';
import type { SectionContext } from '../options/section-context.js';
import { MaintenanceSwitch } from './maintenance.switch.js';
import { NamedErrorKeys } from './named-error-keys.js';

/**
 * Says whether a dependency a route declared with `@RequireReady(name)` can serve requests now.
 * Return a boolean synchronously when you can (the hot path then allocates no promise); return a
 * promise only when you must ask something.
 *
 * It runs in the maintenance step, before authentication, so it should answer from global state
 * (is the provider session up?). Per-tenant readiness belongs in the handler:
 * `throw apiError('dependency_not_ready')`.
 */
export type ReadinessCheck = (dependency: string, request: object) => boolean | Promise<boolean>;

/**
 * Options of the maintenance and readiness check (module option `maintenance`). Without this
 * section the check is off.
 *
 * @example
 * ```ts
 * export const maintenanceSwitch = new MaintenanceSwitch();
 * ApiEdgeModule.forRoot({
 *   maintenance: {
 *     enabled: process.env.MAINTENANCE === '1',
 *     switch: maintenanceSwitch,
 *     retryAfter: 600,
 *     readiness: (dependency) => dependency === 'whatsapp' && whatsapp.isConnected(),
 *   },
 * });
 * ```
 */
export interface MaintenanceOptions {
  /**
   * The static switch: when true, every route not marked `@StayOpen()` answers 503
   * `maintenance_mode`. Default false.
   */
  readonly enabled?: boolean;
  /**
   * The run-time switch the app flips (`maintenanceSwitch.enable()` / `.disable()`). The API is in
   * maintenance while `enabled` is true OR this switch is on. Default: a switch of the module's
   * own, which the app can inject as `MaintenanceSwitch` once the module provides it.
   */
  readonly switch?: MaintenanceSwitch;
  /**
   * Seconds sent in `Retry-After` while in maintenance, unless the switch was enabled with its own.
   * Default: the `retryAfter` of the catalogue entry `maintenance_mode` (built-in: 300).
   */
  readonly retryAfter?: number;
  /** Message of the 503 instead of the catalogue entry's. Default: the entry's message. */
  readonly message?: string;
  /**
   * Answers `@RequireReady(name)` routes. Default: none (a route that declares a dependency then
   * fails with a logged 500 that says to configure this).
   */
  readonly readiness?: ReadinessCheck;
  /**
   * Seconds sent in `Retry-After` when a dependency is not ready. Default: the `retryAfter` of the
   * raised entry (built-in `dependency_not_ready`: 5).
   */
  readonly readinessRetryAfter?: number;
  /**
   * Catalogue key raised per dependency, e.g. `{ whatsapp: 'session_not_ready' }`. Default: the
   * key `<dependency>_not_ready` when your catalogue has it, else `dependency_not_ready`.
   */
  readonly readinessErrors?: Readonly<Record<string, string>>;
}

/** The `maintenance` section, validated once at start-up. */
/** The `maintenance` section, validated once at start-up. */
export interface ResolvedMaintenance {
  readonly enabled: boolean;
  /** The switch given as `maintenance.switch`; the guard falls back to the injected one. */
  readonly switch: MaintenanceSwitch | undefined;
  readonly retryAfter: number | undefined;
  readonly message: string | undefined;
  readonly readiness: ReadinessCheck | undefined;
  readonly readinessRetryAfter: number | undefined;
  readonly readinessKeys: NamedErrorKeys;
}

/** Applies defaults to the `maintenance` section and validates it; null when absent (the check is off). */
export function resolveMaintenanceOptions(input: MaintenanceOptions | undefined, core: SectionContext): ResolvedMaintenance | null {
  if (input === undefined) return null;
  checkSectionObject(input, 'maintenance', 'maintenance: { enabled?, switch?, retryAfter?, readiness? }');
  checkOptionalBoolean(input.enabled, 'maintenance.enabled');
  if (input.switch !== undefined && !(input.switch instanceof MaintenanceSwitch)) {
    throw optionError('use maintenance.switch', 'it is not a MaintenanceSwitch', 'pass new MaintenanceSwitch() and keep a reference to flip it');
  }
  checkOptionalFunction(input.readiness, 'maintenance.readiness', 'pass (dependency, request) => boolean | Promise<boolean>');
  for (const name of ['retryAfter', 'readinessRetryAfter'] as const) {
    const value = input[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw optionError(`use maintenance.${name} ${String(value)}`, 'it is not whole seconds >= 0', 'pass an integer such as 300');
    }
  }
  checkOptionalNonEmptyString(input.message, 'maintenance.message', "pass a message or leave it out to use the catalogue's");
  return Object.freeze({
    enabled: input.enabled ?? false,
    switch: input.switch,
    retryAfter: input.retryAfter,
    message: input.message,
    readiness: input.readiness,
    readinessRetryAfter: input.readinessRetryAfter,
    readinessKeys: new NamedErrorKeys(
      core.catalogue,
      input.readinessErrors,
      (dependency) => `${dependency}_not_ready`,
      'dependency_not_ready',
      'maintenance.readinessErrors',
    ),
  });
}
