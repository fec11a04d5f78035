import { Matches } from 'class-validator';

/** The shape of a message id: `msg_` and 24 hex digits. */
export const MESSAGE_ID = /^msg_[0-9a-f]{24}$/;

/** Path parameters of `GET /v1/messages/:id`; a malformed id is a parameter error, not a 404. */
export class MessageIdParams {
  /** The message id. */
  @Matches(MESSAGE_ID, { message: 'id must be a message id (msg_ followed by 24 hex digits)' })
  id!: string;
}
