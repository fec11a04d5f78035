/**
 * Recipient numbers that make the simulated provider misbehave on purpose, like card networks'
 * test card numbers. They are valid E.164 numbers (NANP 500 range), so they pass validation and
 * reach the provider. Documented in sample-app/README.md.
 */
export const MAGIC_NUMBERS = {
  /** The provider does not answer in time → `upstream_timeout`. */
  timeout: '+15005550001',
  /** The provider is down → `upstream_unavailable`. */
  unavailable: '+15005550002',
  /** The provider refuses the message → `provider_failed`. */
  failure: '+15005550003',
  /** The provider refuses the attached media (only with `media_url`) → `provider_media_failed`. */
  mediaFailure: '+15005550004',
  /** Our own store fails while queueing; the send is rolled back → `db_error` (retryable). */
  dbError: '+15005550005',
  /** The provider says the number cannot receive messages → `invalid_destination`, per recipient. */
  unreachable: '+15005550006',
  /** The provider's session for the sender is still starting → `dependency_not_ready`. */
  sessionStarting: '+15005550007',
  /**
   * The provider takes {@link SLOW_PROVIDER_MS} to answer, then succeeds: long enough to send a
   * duplicate while the first request is in flight (`idempotency_in_progress`).
   */
  slow: '+15005550008',
} as const;

/** How long the provider takes for {@link MAGIC_NUMBERS.slow}, ms. */
export const SLOW_PROVIDER_MS = 1000;
