import { Module } from '@nestjs/common';
import { AccountController } from './account.controller.js';
import { AuthController } from './auth.controller.js';
import { OtpService } from './otp.service.js';

/** Login, the account's own routes, billing, wallet and one-time passwords. */
@Module({ controllers: [AuthController, AccountController], providers: [OtpService] })
export class AccountModule {}
