import { Injectable } from '@nestjs/common';

/** How {@link MaintenanceSwitch.enable} may tune this maintenance window. */
export interface MaintenanceWindow {
  /** Seconds for `Retry-After` during this window (default: the `maintenance.retryAfter` option). */
  readonly retryAfter?: number;
  /** Message of the 503 during this window (default: the option, else the catalogue entry's). */
  readonly message?: string;
}

/**
 * The run-time maintenance switch: flip it from an admin endpoint, a signal handler or a config
 * watcher, and every route not marked `@StayOpen()` answers 503 `maintenance_mode` until it is
 * flipped back. Flipping is a property write: the check reads it on every request without I/O.
 *
 * One process only: behind several instances, flip each one (or drive it from shared config).
 *
 * @example
 * ```ts
 * export const maintenanceSwitch = new MaintenanceSwitch();
 * ApiEdgeModule.forRoot({ maintenance: { switch: maintenanceSwitch } });
 *
 * @Post('admin/maintenance') @StayOpen()
 * start() { maintenanceSwitch.enable({ retryAfter: 900, message: 'Upgrading the database.' }); }
 * ```
 */
@Injectable()
export class MaintenanceSwitch {
  private window: MaintenanceWindow | null = null;

  /** Turns maintenance on (again), optionally with this window's Retry-After and message. */
  enable(window: MaintenanceWindow = {}): void {
    if (window.retryAfter !== undefined && !(Number.isInteger(window.retryAfter) && window.retryAfter >= 0)) {
      throw new RangeError(
        `Cannot enable maintenance because retryAfter is ${String(window.retryAfter)}. Fix: pass whole seconds >= 0.`,
      );
    }
    this.window = { ...window };
  }

  /** Turns maintenance off. */
  disable(): void {
    this.window = null;
  }

  /** Whether the switch is on. */
  get enabled(): boolean {
    return this.window !== null;
  }

  /** The current window when the switch is on, else `null`. */
  get current(): MaintenanceWindow | null {
    return this.window;
  }
}
