import { describe, expect, it } from '@jest/globals';
import { resolveApiEdgeOptions } from '../../../lib/api-edge.options.js';
import { MemoryEdgeStore } from '../../../lib/stores/memory-edge.store.js';
import { EdgeThrottlerStorage } from '../../../lib/throttling/edge-throttler.storage.js';

function storage(clock: { now: number }): EdgeThrottlerStorage {
  const options = resolveApiEdgeOptions({ clock: () => clock.now });
  return new EdgeThrottlerStorage(new MemoryEdgeStore({ clock: options.clock }), options);
}

describe('EdgeThrottlerStorage', () => {
  it('counts a fixed window and refuses over the limit until it resets', async () => {
    const clock = { now: 1_000_000 };
    const s = storage(clock);
    expect(await s.increment('ip:1', 10_000, 2, 10_000, 'w')).toEqual({ totalHits: 1, timeToExpire: 10, isBlocked: false, timeToBlockExpire: 0 });
    clock.now += 2_500;
    expect(await s.increment('ip:1', 10_000, 2, 10_000, 'w')).toEqual({ totalHits: 2, timeToExpire: 8, isBlocked: false, timeToBlockExpire: 0 });
    expect(await s.increment('ip:1', 10_000, 2, 10_000, 'w')).toEqual({ totalHits: 3, timeToExpire: 8, isBlocked: true, timeToBlockExpire: 8 });
    // Another throttler name is another counter.
    expect((await s.increment('ip:1', 10_000, 2, 10_000, 'other')).totalHits).toBe(1);
    clock.now += 7_500;
    expect(await s.increment('ip:1', 10_000, 2, 10_000, 'w')).toEqual({ totalHits: 1, timeToExpire: 10, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps refusing for a blockDuration longer than the window, without counting', async () => {
    const clock = { now: 1_000_000 };
    const s = storage(clock);
    await s.increment('k', 1000, 1, 5000, 'w');
    expect(await s.increment('k', 1000, 1, 5000, 'w')).toEqual({ totalHits: 2, timeToExpire: 1, isBlocked: true, timeToBlockExpire: 5 });
    clock.now += 3000;
    expect(await s.increment('k', 1000, 1, 5000, 'w')).toEqual({ totalHits: 2, timeToExpire: 2, isBlocked: true, timeToBlockExpire: 2 });
    clock.now += 2000;
    expect(await s.increment('k', 1000, 1, 5000, 'w')).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
  });
});
