import { IsEmail, IsIn, IsNotEmpty, IsPhoneNumber, IsString, Length, MaxLength } from 'class-validator';

/** `POST /v1/auth/login` body. */
export class LoginDto {
  @IsEmail()
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

/** `POST /v1/billing/plan` and `POST /api/billing/downgrade` body. */
export class ChangePlanDto {
  /** The new plan id. */
  @IsString()
  @IsIn(['free', 'pro', 'max'])
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
  @IsPhoneNumber()
  phone!: string;
}

/** `POST /v1/otp/verify` body. */
export class OtpVerifyDto {
  @IsPhoneNumber()
  phone!: string;

  @IsString()
  @Length(6, 6)
  code!: string;
}
