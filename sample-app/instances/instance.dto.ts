import { IsIn, IsNotEmpty, IsOptional, IsPhoneNumber, IsString, IsUrl, MaxLength } from 'class-validator';

/** `POST /v1/instances` body. */
export class CreateInstanceDto {
  /** Display name. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

/** `POST /v1/instances/:instanceId/test-message` body. */
export class TestMessageDto {
  /** Where the test message goes. */
  @IsPhoneNumber()
  to!: string;
}

/** `POST /v1/webhooks` body. */
export class CreateWebhookDto {
  /** https endpoint. */
  @IsUrl({ protocols: ['https'], require_protocol: true })
  url!: string;
}

/** `POST /v1/campaigns` body. */
export class CreateCampaignDto {
  /** Campaign name. */
  @IsString()
  @IsNotEmpty()
  name!: string;
}

/** `POST /v1/statuses` body: a WhatsApp status (story). */
export class CreateStatusDto {
  /** Text of the status. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(700)
  text!: string;

  /** Optional background colour. */
  @IsOptional()
  @IsIn(['green', 'blue', 'black'])
  color?: string;
}

/** `POST /v1/lines/:lineId/messages` and `POST /v1/sandbox/messages` body. */
export class LineMessageDto {
  /** E.164 phone number. */
  @IsPhoneNumber()
  to!: string;

  /** The text. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  text!: string;
}
