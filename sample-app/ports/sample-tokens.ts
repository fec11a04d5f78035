import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Clock, TokenIdentity } from '../../lib/index.js';
import { SAMPLE_CLOCK } from '../data/sample-clock.js';
import { SampleData } from '../data/sample-data.js';

/** How long a console token lives, seconds. */
export const TOKEN_TTL_SECONDS = 3600;

/**
 * Console JWTs (HS256 via @nestjs/jwt): issued at login, verified by the edge through `jwt.verify`.
 * Both read the app's clock, so a test that moves the clock moves token expiry with it.
 */
@Injectable()
export class SampleTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly data: SampleData,
    @Inject(SAMPLE_CLOCK) private readonly clock: Clock,
  ) {}

  /** A signed token for `accountId`, valid {@link TOKEN_TTL_SECONDS} from now. */
  issue(accountId: string): Promise<string> {
    const iat = Math.floor(this.clock() / 1000);
    return this.jwt.signAsync({ sub: accountId, iat, exp: iat + TOKEN_TTL_SECONDS });
  }

  /**
   * `jwt.verify`: checks signature and expiry (errors propagate by name: `TokenExpiredError` →
   * `token_expired`, the others → `invalid_token`), then the account behind the token. A token of
   * a deleted account is `invalid_token` (null); a suspended one is reported as such.
   */
  verify = async (token: string): Promise<TokenIdentity | null> => {
    const payload = await this.jwt.verifyAsync<Record<string, unknown>>(token, { clockTimestamp: Math.floor(this.clock() / 1000) });
    const account = typeof payload.sub === 'string' ? this.data.account(payload.sub) : undefined;
    if (account === undefined) return null;
    return { userId: account.id, accountId: account.id, active: account.active ?? true, scopes: ['*'], plan: account.plan };
  };
}
