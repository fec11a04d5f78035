/**
 * Injection token of the app's clock (ms since the epoch): the same function the edge module gets
 * as `clock`, for the ports built before the edge options exist (JWT expiry).
 */
export const SAMPLE_CLOCK = Symbol('SampleClock');
