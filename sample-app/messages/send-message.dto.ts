import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsPhoneNumber,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';

/** Most recipients one send may have. */
export const MAX_RECIPIENTS = 100;

/**
 * `POST /v1/messages` body. Wire names are snake_case, so the properties are too (no mapping layer
 * to get wrong). Shape rules live here; per-recipient business rules (opt-outs, do-not-contact,
 * destinations the provider refuses) are the service's, reported per recipient.
 */
export class SendMessageDto {
  /** E.164 phone numbers, 1 to 100. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_RECIPIENTS)
  @IsPhoneNumber(undefined, { each: true })
  recipients!: string[];

  /** The text, 1 to 4096 characters. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  message!: string;

  /** Alphanumeric sender id, 1 to 11 characters (the GSM limit). */
  @IsString()
  @IsNotEmpty()
  @Matches(/^[A-Za-z0-9 ]{1,11}$/, { message: 'sender_id must be 1 to 11 letters, digits or spaces' })
  sender_id!: string;

  /** Optional media to attach (https only). */
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  media_url?: string;
}

/** `POST /v1/messages/template` body: a template filled per recipient. */
export class SendTemplateDto {
  /** E.164 phone numbers, 1 to 100. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_RECIPIENTS)
  @IsPhoneNumber(undefined, { each: true })
  recipients!: string[];

  /** Alphanumeric sender id, 1 to 11 characters. */
  @IsString()
  @IsNotEmpty()
  @Matches(/^[A-Za-z0-9 ]{1,11}$/, { message: 'sender_id must be 1 to 11 letters, digits or spaces' })
  sender_id!: string;

  /** The template. */
  @IsString()
  @IsNotEmpty()
  template_id!: string;

  /** Values of the template's plain `{{variables}}`. */
  @IsOptional()
  @IsObject()
  variables?: Record<string, string>;

  /** The instance whose fields `{{instance.…}}` reads. */
  @IsOptional()
  @IsString()
  instance_id?: string;
}
