import { Injectable } from '@nestjs/common';
import type { Message } from './message.js';

/** Most messages kept; the oldest go first (the sample app has no database). */
const CAPACITY = 10_000;

/** The sample app's message table: in memory, bounded, scoped by account. */
@Injectable()
export class MessageStore {
  private readonly byId = new Map<string, Message>();

  /** Saves a message, dropping the oldest one at capacity. */
  save(message: Message): void {
    if (this.byId.size >= CAPACITY) {
      const oldest = this.byId.keys().next();
      if (oldest.done !== true) this.byId.delete(oldest.value);
    }
    this.byId.set(message.id, message);
  }

  /**
   * The message `id` of `accountId`. Another account's message reads as absent, so a caller can
   * never learn that an id exists elsewhere (404, not 403).
   */
  find(accountId: string, id: string): Message | undefined {
    const message = this.byId.get(id);
    return message?.account_id === accountId ? message : undefined;
  }
}
