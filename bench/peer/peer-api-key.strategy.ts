import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { PeerKeyStore, type PeerPrincipal } from './peer-key.store.js';

/**
 * API keys the way the Nest docs and passport-headerapikey's README show it: a passport strategy
 * reading `X-Api-Key`, whose `validate` looks the key up; passport puts the result on `req.user`.
 */
@Injectable()
export class PeerApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(@Inject(PeerKeyStore) private readonly keys: PeerKeyStore) {
    super({ header: 'X-Api-Key', prefix: '' }, false);
  }

  /** Called by passport with the header's value. */
  validate(apiKey: string): PeerPrincipal {
    const principal = this.keys.find(apiKey);
    if (principal === null) throw new UnauthorizedException('Invalid API key');
    return principal;
  }
}

/** `AuthGuard('api-key')` as a class, so it can be a global guard (no session: passport's default off in Nest). */
@Injectable()
export class PeerApiKeyGuard extends AuthGuard('api-key') {}
