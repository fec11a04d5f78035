import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { ServedRoutes } from '../profiles/served-routes.js';
import { AccountController } from './account.controller.js';
import { AuthController } from './auth.controller.js';
import { BillingController } from './billing.controller.js';
import { ConsoleBillingController } from './console-billing.controller.js';
import { OtpService } from './otp.service.js';

/** Login, the account's own routes, billing, wallet and one-time passwords: those the profile serves. */
@Module({})
export class AccountModule {
  /** The account routes of the groups in `served`. */
  static register(served: ServedRoutes): DynamicModule {
    const controllers: Type[] = [
      ...(served.console ? [AuthController] : []),
      ...(served.account ? [AccountController] : []),
      ...(served.billing ? [BillingController] : []),
      ...(served.consoleBilling ? [ConsoleBillingController] : []),
    ];
    return { module: AccountModule, controllers, providers: [OtpService] };
  }
}
