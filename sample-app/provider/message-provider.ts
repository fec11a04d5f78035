import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { apiError } from '../errors/sample-catalogue.js';
import { setTimeout as delay } from 'node:timers/promises';
import { MAGIC_NUMBERS, SLOW_PROVIDER_MS } from './magic-numbers.js';

/** What the provider is asked to deliver to one recipient. */
export interface ProviderSend {
  readonly to: string;
  readonly text: string;
  readonly mediaUrl: string | null;
}

/**
 * The simulated WhatsApp/SMS provider. Everything is delivered at once, except to the
 * {@link MAGIC_NUMBERS}, which fail the way a real provider fails. A real adapter would keep this
 * shape and translate its HTTP errors to the same meanings.
 */
@Injectable()
export class MessageProvider {
  /** Whether the provider can deliver to `to` at all (a real one asks its number lookup API). */
  async isReachable(to: string): Promise<boolean> {
    return to !== MAGIC_NUMBERS.unreachable;
  }

  /** Delivers one message; resolves to the provider's message id, or throws a catalogued error. */
  async send(message: ProviderSend): Promise<string> {
    switch (message.to) {
      case MAGIC_NUMBERS.timeout:
        throw apiError('upstream_timeout', { cause: new Error('simulated provider timeout after 30 s') });
      case MAGIC_NUMBERS.unavailable:
        throw apiError('upstream_unavailable', { cause: new Error('simulated provider 503') });
      case MAGIC_NUMBERS.failure:
        throw apiError('provider_failed', { cause: new Error('simulated provider rejection') });
      case MAGIC_NUMBERS.sessionStarting:
        throw apiError('dependency_not_ready', { message: 'The WhatsApp session is starting. Retry shortly.' });
      case MAGIC_NUMBERS.slow:
        // Simulated network latency, on this one number only.
        await delay(SLOW_PROVIDER_MS);
        break;
      case MAGIC_NUMBERS.mediaFailure:
        if (message.mediaUrl !== null) throw apiError('provider_media_failed', { cause: new Error('simulated media rejection') });
        break;
    }
    return `prv_${randomBytes(8).toString('hex')}`;
  }
}
