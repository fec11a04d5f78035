import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiEdgeOptions, type FieldViolation } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';
import { apiError, type SampleErrorKey } from '../errors/sample-catalogue.js';
import { MAGIC_NUMBERS } from '../provider/magic-numbers.js';
import { MessageProvider } from '../provider/message-provider.js';
import { parseTemplate, renderTemplate } from '../templates/template-renderer.js';
import type { Message } from './message.js';
import { MessageStore } from './message.store.js';
import type { SendMessageDto, SendTemplateDto } from './send-message.dto.js';

/** One message to send: the same text to every recipient, or one text per recipient. */
interface Outgoing {
  readonly recipients: readonly string[];
  readonly senderId: string;
  readonly texts: readonly string[];
  readonly mediaUrl: string | null;
}

/** Sends and reads messages: account checks, per-recipient checks, queueing, then the provider. */
@Injectable()
export class MessagesService {
  constructor(
    @Inject(ApiEdgeOptions) private readonly edge: ApiEdgeOptions,
    private readonly data: SampleData,
    private readonly store: MessageStore,
    private readonly provider: MessageProvider,
  ) {}

  /** Sends `dto` for `accountId`. */
  send(accountId: string, dto: SendMessageDto): Promise<Message> {
    return this.deliver(accountId, {
      recipients: dto.recipients,
      senderId: dto.sender_id,
      texts: dto.recipients.map(() => dto.message),
      mediaUrl: dto.media_url ?? null,
    });
  }

  /**
   * Fills a template for each recipient and sends it. Plain variables come from the body;
   * `{{contact.…}}` needs every recipient to be a contact, `{{instance.…}}` an `instance_id`.
   */
  async sendTemplate(accountId: string, dto: SendTemplateDto): Promise<Message> {
    const template = this.data.template(accountId, dto.template_id);
    if (template === undefined) throw apiError('template_not_found', { param: 'template_id' });
    const { placeholders } = parseTemplate(template.body);
    const missing = placeholders.filter((p) => p.context === null && typeof dto.variables?.[p.name] !== 'string');
    if (missing.length > 0) {
      throw apiError('template_variables_missing', {
        param: 'variables',
        details: missing.map((p) => ({ field: `variables.${p.name}`, constraint: 'required', message: `${p.raw} has no value` })),
      });
    }
    const instance = dto.instance_id === undefined ? undefined : this.data.instance(accountId, dto.instance_id);
    if (placeholders.some((p) => p.context === 'instance') && instance === undefined) {
      throw apiError('template_context_unavailable', { param: 'instance_id', message: 'The instance context is not available: give an instance_id of yours.' });
    }
    const texts = dto.recipients.map((to, i) => {
      const contact = this.data.contactByPhone(accountId, to);
      const values = new Map<string, string>();
      for (const p of placeholders) {
        if (p.context === null) values.set(p.raw, dto.variables?.[p.name] as string);
        else if (p.context === 'instance') values.set(p.raw, p.name === 'id' ? (instance?.id ?? '') : '');
        else if (contact === undefined) {
          throw apiError('template_context_unavailable', { param: `recipients.${i}`, message: `The contact context is not available for ${to}: it is not one of your contacts.` });
        } else values.set(p.raw, p.name === 'name' ? (contact.name ?? '') : p.name === 'phone' ? contact.phone : '');
      }
      return renderTemplate(template.body, values);
    });
    return this.deliver(accountId, { recipients: dto.recipients, senderId: dto.sender_id, texts, mediaUrl: null });
  }

  /** The message `id` of `accountId`, or a 404 (also for another account's message). */
  get(accountId: string, id: string): Message {
    const message = this.store.find(accountId, id);
    if (message === undefined) throw apiError('message_not_found', { param: 'id' });
    return message;
  }

  private async deliver(accountId: string, out: Outgoing): Promise<Message> {
    this.checkAccount(accountId, out.recipients.length);
    await this.checkRecipients(accountId, out.recipients);
    this.queue(out.recipients);
    const recipients = [];
    for (let i = 0; i < out.recipients.length; i++) {
      const to = out.recipients[i] as string;
      const providerId = await this.provider.send({ to, text: out.texts[i] as string, mediaUrl: out.mediaUrl });
      recipients.push({ to, status: 'sent' as const, provider_id: providerId });
    }
    const message: Message = {
      id: `msg_${randomBytes(12).toString('hex')}`,
      object: 'message',
      account_id: accountId,
      sender_id: out.senderId,
      message: out.texts[0] as string,
      media_url: out.mediaUrl,
      recipients,
      created_at: new Date(this.edge.clock()).toISOString(),
    };
    this.store.save(message);
    return message;
  }

  // What the account itself must have to send at all (the plan, balance and quota were checked
  // by the edge before the handler ran).
  private checkAccount(accountId: string, recipientCount: number): void {
    const account = this.data.account(accountId);
    if (account === undefined) return;
    if (account.sms === 'none') throw apiError('no_sms_access');
    if (account.sms === 'incomplete') throw apiError('config_error');
    if (account.approved === false) throw apiError('approval_required');
    const payg = account.payg;
    if (payg?.enabled === true) {
      const cost = recipientCount * (this.data.planOf(accountId)?.message_cost ?? 0);
      if (payg.spent + cost > payg.limit) {
        // The spending cap is monthly: a retry can succeed when the next UTC month starts.
        const now = new Date(this.edge.clock());
        const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
        throw apiError('payg_limit_reached', {
          extra: { limit: payg.limit, spent: payg.spent, required: cost },
          retryAfter: Math.ceil((nextMonth - now.getTime()) / 1000),
        });
      }
    }
  }

  // Every recipient is checked before anything is queued, and all refused recipients of the first
  // kind of refusal are reported at once (one detail each), so a client fixes them in one go.
  private async checkRecipients(accountId: string, recipients: readonly string[]): Promise<void> {
    const refused: Array<FieldViolation & { key: SampleErrorKey }> = [];
    for (let i = 0; i < recipients.length; i++) {
      const to = recipients[i] as string;
      const field = `recipients.${i}`;
      const contact = this.data.contactByPhone(accountId, to);
      if (contact?.dnc === true) refused.push({ key: 'dnc_blocked', field, constraint: 'dnc', message: `${to} is on the do-not-contact list` });
      else if (contact?.opted_out === true) refused.push({ key: 'opted_out', field, constraint: 'opted_out', message: `${to} has opted out` });
      else if (!(await this.provider.isReachable(to))) {
        refused.push({ key: 'invalid_destination', field, constraint: 'reachable', message: `${to} cannot receive messages` });
      }
    }
    const first = refused[0];
    if (first === undefined) return;
    const details = refused.filter((r) => r.key === first.key).map(({ field, constraint, message }) => ({ field, constraint, message }));
    throw apiError(first.key, { details, param: first.field });
  }

  // Stands for the transactional insert of the outbox rows; the magic number makes it fail.
  private queue(recipients: readonly string[]): void {
    if (recipients.includes(MAGIC_NUMBERS.dbError)) {
      throw apiError('db_error', { cause: new Error('simulated deadlock while inserting outbox rows') });
    }
  }
}
