/** Delivery state of one recipient. */
export type RecipientStatus = 'queued' | 'sent' | 'failed';

/** A message as the API returns it. */
export interface Message {
  readonly id: string;
  readonly object: 'message';
  readonly account_id: string;
  readonly sender_id: string;
  readonly message: string;
  readonly media_url: string | null;
  readonly recipients: ReadonlyArray<{ readonly to: string; readonly status: RecipientStatus; readonly provider_id: string | null }>;
  readonly created_at: string;
}
