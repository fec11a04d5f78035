/**
 * What the sample app hands to a profile's `checks`: its implementations of the library's ports,
 * all backed by the in-memory fixtures.
 */
export interface SamplePorts {
  /** Placeholder until the ports land. */
  readonly fixtures: unknown;
}
