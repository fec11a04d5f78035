import type { EdgeStore } from '../stores/edge-store.js';
import { failOption } from './option-checks.js';

// The `store` option, checked once at start-up, so the store provider and the OpenAPI contract
// read a resolved field instead of the raw options.

/**
 * The app's `store`, checked; `null` when none is given (the module then builds its bounded
 * in-memory store). Only the shape is checked here: the store's own constructor validated the rest.
 */
export function resolveStoreOption(input: EdgeStore | undefined): EdgeStore | null {
  if (input === undefined) return null;
  if (typeof input !== 'object' || input === null || typeof (input as Partial<EdgeStore>).increment !== 'function') {
    failOption(
      'use store',
      'it is not an EdgeStore (an object with increment, get, set … methods)',
      'pass new ResilientEdgeStore(new RedisEdgeStore(redis)) for many instances, or leave it out for the in-memory store',
    );
  }
  return input;
}
