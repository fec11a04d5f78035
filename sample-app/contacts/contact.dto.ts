import { IsNotEmpty, IsOptional, IsPhoneNumber, IsString, MaxLength } from 'class-validator';

/** `POST /v1/contacts` body. */
export class CreateContactDto {
  /** E.164 phone number, unique per account. */
  @IsPhoneNumber()
  phone!: string;

  /** Display name. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

/** `POST /v1/contact-groups` body. */
export class CreateGroupDto {
  /** Group name. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

/** `POST /v1/opt-outs` and `POST /v1/dnc` body. */
export class PhoneDto {
  /** E.164 phone number. */
  @IsPhoneNumber()
  phone!: string;
}
