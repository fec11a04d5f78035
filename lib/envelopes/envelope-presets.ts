import type { Envelope } from './envelope.js';
import { flatEnvelope } from './flat.envelope.js';
import { nestedEnvelope } from './nested.envelope.js';
import { objectEnvelope } from './object.envelope.js';
import { problemEnvelope } from './problem.envelope.js';
import { statusFlagEnvelope } from './status-flag.envelope.js';
import { typedEnvelope } from './typed.envelope.js';

/** The envelope presets by name. */
export const ENVELOPE_PRESETS = {
  nested: nestedEnvelope,
  flat: flatEnvelope,
  'status-flag': statusFlagEnvelope,
  object: objectEnvelope,
  typed: typedEnvelope,
  problem: problemEnvelope,
} as const satisfies Record<string, Envelope>;

/** The name of an envelope preset. */
export type EnvelopePreset = keyof typeof ENVELOPE_PRESETS;
