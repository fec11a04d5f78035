import { describe, expect, it } from '@jest/globals';
import { UtcPeriod } from '../../../lib/plans/utc-period.js';

describe('UTC periods', () => {
  it('months and days, with their ends', () => {
    const month = new UtcPeriod('month');
    expect(month.at(Date.UTC(2028, 1, 29, 12))).toEqual({ id: '2028-02', startsAt: Date.UTC(2028, 1, 1), endsAt: Date.UTC(2028, 2, 1) });
    expect(month.at(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toEqual({ id: '2026-12', startsAt: Date.UTC(2026, 11, 1), endsAt: Date.UTC(2027, 0, 1) });
    const day = new UtcPeriod('day');
    expect(day.at(Date.UTC(2026, 8, 5, 0, 0, 0))).toEqual({ id: '2026-09-05', startsAt: Date.UTC(2026, 8, 5), endsAt: Date.UTC(2026, 8, 6) });
    // Going back in time recomputes too.
    expect(day.at(Date.UTC(2026, 8, 4, 23, 59)).id).toBe('2026-09-04');
  });
});
