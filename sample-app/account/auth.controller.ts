import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { scrypt, timingSafeEqual } from 'node:crypto';
import { BruteForceGuard, Public, RaisesErrors } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { SampleTokens, TOKEN_TTL_SECONDS } from '../ports/sample-tokens.js';
import { LoginDto } from './account.dto.js';

/**
 * scrypt on libuv's thread pool: a login costs ~50 ms of CPU, which on the event loop would stall
 * every other request for as long. Same parameters as the fixtures (N=16384, r=8, p=1, 32 bytes).
 */
function scryptAsync(password: string, salt: Buffer, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, (error, key) => (error ? reject(error) : resolve(key))));
}

/** A password hash nobody has, so an unknown email costs the same scrypt as a known one. */
const DUMMY = { salt: '00'.repeat(16), hash: '00'.repeat(32) };

/**
 * `POST /v1/auth/login`: email + password → a console JWT. Wrong passwords count towards the
 * edge's brute-force limiter, which then answers `too_many_attempts` with `Retry-After`.
 */
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly data: SampleData,
    private readonly tokens: SampleTokens,
    private readonly bruteForce: BruteForceGuard,
  ) {}

  /** Signs in. */
  @RaisesErrors('invalid_credentials', 'account_inactive')
  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Req() request: object, @Body() dto: LoginDto): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const account = this.data.accountByEmail(dto.email);
    const stored = account?.password ?? DUMMY;
    const hash = await scryptAsync(dto.password, Buffer.from(stored.salt, 'hex'), 32);
    if (account?.password === undefined || !timingSafeEqual(hash, Buffer.from(stored.hash, 'hex'))) {
      await this.bruteForce.recordFailure(request);
      throw apiError('invalid_credentials');
    }
    if (account.active === false) throw apiError('account_inactive');
    await this.bruteForce.reset(request);
    return { access_token: await this.tokens.issue(account.id), token_type: 'Bearer', expires_in: TOKEN_TTL_SECONDS };
  }
}
