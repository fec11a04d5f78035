import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { TokenIdentity } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';

/** How long a console token lives, seconds. */
export const TOKEN_TTL_SECONDS = 3600;

/** Issues console JWTs at login and turns a verified token back into an identity. */
@Injectable()
export class SampleTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly data: SampleData,
  ) {}

  /**
   * A signed token for `accountId`, issued at `nowMs` (the edge clock; this port is built before
   * the edge options exist, so the caller passes the time).
   */
  issue(accountId: string, nowMs: number): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    return this.jwt.signAsync({ sub: accountId, iat, exp: iat + TOKEN_TTL_SECONDS });
  }

  /**
   * `jwt.resolve`: the verified payload's account, if it still exists (a deleted user's token is
   * `invalid_token`); a suspended account is reported as such.
   */
  resolve = (payload: Record<string, unknown>): TokenIdentity | null => {
    const account = typeof payload.sub === 'string' ? this.data.account(payload.sub) : undefined;
    if (account === undefined) return null;
    return { userId: account.id, accountId: account.id, active: account.active ?? true, scopes: ['*'], plan: account.plan };
  };
}
