import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiEdgeOptions, type FieldViolation } from '../../lib/index.js';
import { apiError } from '../errors/sample-catalogue.js';
import { MAGIC_NUMBERS } from '../provider/magic-numbers.js';
import { MessageProvider } from '../provider/message-provider.js';
import type { Message } from './message.js';
import { MessageStore } from './message.store.js';
import type { SendMessageDto } from './send-message.dto.js';

/** Sends and reads messages: per-recipient checks, queueing, then the provider. */
@Injectable()
export class MessagesService {
  constructor(
    @Inject(ApiEdgeOptions) private readonly edge: ApiEdgeOptions,
    private readonly store: MessageStore,
    private readonly provider: MessageProvider,
  ) {}

  /**
   * Sends `dto` for `accountId`. Every recipient is checked before anything is queued, and all
   * refused recipients are reported at once (one detail each), so a client fixes them in one go.
   */
  async send(accountId: string, dto: SendMessageDto): Promise<Message> {
    const refused: FieldViolation[] = [];
    for (let i = 0; i < dto.recipients.length; i++) {
      const to = dto.recipients[i] as string;
      if (!(await this.provider.isReachable(to))) {
        refused.push({ field: `recipients.${i}`, constraint: 'reachable', message: `${to} cannot receive messages` });
      }
    }
    if (refused.length > 0) throw apiError('invalid_destination', { details: refused, param: refused[0]?.field });

    const mediaUrl = dto.media_url ?? null;
    this.queue(dto.recipients);
    const recipients = [];
    for (const to of dto.recipients) {
      recipients.push({ to, status: 'sent' as const, provider_id: await this.provider.send({ to, text: dto.message, mediaUrl }) });
    }
    const message: Message = {
      id: `msg_${randomBytes(12).toString('hex')}`,
      object: 'message',
      account_id: accountId,
      sender_id: dto.sender_id,
      message: dto.message,
      media_url: mediaUrl,
      recipients,
      created_at: new Date(this.edge.clock()).toISOString(),
    };
    this.store.save(message);
    return message;
  }

  /** The message `id` of `accountId`, or a 404 (also for another account's message). */
  get(accountId: string, id: string): Message {
    const message = this.store.find(accountId, id);
    if (message === undefined) throw apiError('message_not_found');
    return message;
  }

  // Stands for the transactional insert of the outbox rows; the magic number makes it fail.
  private queue(recipients: readonly string[]): void {
    if (recipients.includes(MAGIC_NUMBERS.dbError)) {
      throw apiError('db_error', { cause: new Error('simulated deadlock while inserting outbox rows') });
    }
  }
}
