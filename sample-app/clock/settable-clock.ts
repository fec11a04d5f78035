import { OptionsConfigurationError } from '../../lib/index.js';

/** A clock the app's test hook can move (`POST /v1/sandbox/clock`). */
export interface SampleClockControl {
  /** Now, in ms since the epoch (the `clock` of the edge and of the domain). */
  read(): number;
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
}

/**
 * The clock of `SAMPLE_CLOCK=<instant>`: it stands still at that instant and moves only when told
 * (`POST /v1/sandbox/clock`), so time-dependent answers (code expiry, resend limits, invitations)
 * can be reached from outside, deterministically.
 */
export class SettableClock implements SampleClockControl {
  constructor(private now: number) {}

  /** The clock function (bound: pass it as `clock`). */
  readonly read = (): number => this.now;

  /** Moves time forward. */
  advance(ms: number): void {
    this.now += ms;
  }
}

/** Reads `SAMPLE_CLOCK`: an ISO 8601 instant with its offset, e.g. `2026-01-15T12:00:00Z`. */
export function parseSampleClock(value: string): number {
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new OptionsConfigurationError(
      `Cannot start with SAMPLE_CLOCK=${JSON.stringify(value)} because it is not an ISO 8601 instant with an offset. Fix: e.g. SAMPLE_CLOCK=2026-01-15T12:00:00Z.`,
    );
  }
  return ms;
}
