import { IsEmail, IsNotEmpty, IsPhoneNumber, IsString, Length, Matches, MaxLength } from 'class-validator';

/** `POST /v1/auth/login` body. */
export class LoginDto {
  /** The account's email (case-insensitive). */
  @IsEmail()
  email!: string;

  /** The password; never logged or echoed. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

/** `POST /v1/billing/plan` and `POST /api/billing/downgrade` body. */
export class ChangePlanDto {
  /** The new plan id (one of the fixture's plans; an unknown one is a validation error). */
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  plan!: string;
}

/** `PUT /v1/wallet/payg-limit` body: the amount as a decimal string, e.g. `"25.00"`. */
export class PaygLimitDto {
  /** Decimal string with at most two decimals; its format is checked by the wallet itself. */
  @IsString()
  amount!: string;
}

/** `POST /v1/otp` body. */
export class OtpRequestDto {
  /** E.164 phone number the code goes to. */
  @IsPhoneNumber()
  phone!: string;
}

/** `POST /v1/otp/verify` body. */
export class OtpVerifyDto {
  /** The phone the code was sent to. */
  @IsPhoneNumber()
  phone!: string;

  /** The six-digit code. */
  @IsString()
  @Length(6, 6)
  code!: string;
}
