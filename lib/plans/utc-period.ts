/** One quota period: its id (part of the counter key) and when it starts and ends (ms, UTC). */
export interface PeriodWindow {
  /** `2026-11` for a month, `2026-11-30` for a day. */
  readonly id: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

const DAY_MS = 86_400_000;

/**
 * Calendar periods in UTC: months (reset on the 1st at 00:00 UTC) and days (reset at midnight
 * UTC). The current window is cached and recomputed only when the clock leaves it, so a request
 * in the same period allocates nothing here.
 *
 * @example
 * ```ts
 * const month = new UtcPeriod('month');
 * month.at(Date.UTC(2026, 10, 30, 23, 59)); // { id: '2026-11', startsAt: …, endsAt: Date.UTC(2026, 11, 1) }
 * ```
 */
export class UtcPeriod {
  private window: PeriodWindow = { id: '', startsAt: 0, endsAt: 0 };

  constructor(readonly kind: 'month' | 'day') {}

  /** The window that contains `now` (ms since the epoch). */
  at(now: number): PeriodWindow {
    const current = this.window;
    if (now >= current.startsAt && now < current.endsAt) return current;
    return (this.window = this.kind === 'day' ? dayWindow(now) : monthWindow(now));
  }
}

function dayWindow(now: number): PeriodWindow {
  const startsAt = Math.floor(now / DAY_MS) * DAY_MS;
  const date = new Date(startsAt);
  return Object.freeze({
    id: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`,
    startsAt,
    endsAt: startsAt + DAY_MS,
  });
}

function monthWindow(now: number): PeriodWindow {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return Object.freeze({
    id: `${year}-${pad(month + 1)}`,
    startsAt: Date.UTC(year, month, 1),
    // Date.UTC rolls month 12 over into January of the next year.
    endsAt: Date.UTC(year, month + 1, 1),
  });
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
