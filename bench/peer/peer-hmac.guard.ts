import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { PeerPrincipal } from './peer-key.store.js';
import { PeerNonceStore } from './peer-nonce.store.js';
import { PEER_SIGNED } from './signed.decorator.js';

const TOLERANCE_SECONDS = 300;
const HEX_64 = /^[0-9a-f]{64}$/i;
const NONCE = /^[A-Za-z0-9._~+/=-]{8,128}$/;
const TIMESTAMP = /^\d{1,12}$/;

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * HMAC-SHA256 over the raw body, hand-written as a team would: the same canonical string and
 * headers as `signRequest` of nest-api-edge/client (`<ts>\n<METHOD>\n<path?query>\n<sha256(body)>\n<nonce>`;
 * `X-Signature`, `X-Signature-Timestamp`, `X-Signature-Nonce`), so one load client signs for both.
 * Timestamp within ±300 s; nonce required, remembered per key for twice the tolerance.
 */
@Injectable()
export class PeerHmacGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(PeerNonceStore) private readonly nonces: PeerNonceStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.reflector.getAllAndOverride<boolean>(PEER_SIGNED, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: PeerPrincipal; rawBody?: Buffer }>();
    const principal = request.user;
    const signature = header(request, 'x-signature');
    const timestamp = header(request, 'x-signature-timestamp');
    const nonce = header(request, 'x-signature-nonce');
    if (principal === undefined || signature === undefined || timestamp === undefined || nonce === undefined) {
      throw new UnauthorizedException('Missing signature');
    }
    if (!HEX_64.test(signature) || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce)) {
      throw new UnauthorizedException('Malformed signature');
    }
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
      throw new UnauthorizedException('Signature expired');
    }
    const bodyHash = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
    const canonical = `${timestamp}\n${request.method.toUpperCase()}\n${request.originalUrl}\n${bodyHash}\n${nonce}`;
    const expected = createHmac('sha256', principal.secret).update(canonical).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      throw new UnauthorizedException('Invalid signature');
    }
    // Checked last, so a forged request cannot burn a legitimate client's nonce.
    if (!(await this.nonces.remember(`${principal.id}:${nonce}`, 2 * TOLERANCE_SECONDS * 1000))) {
      throw new UnauthorizedException('Replayed request');
    }
    return true;
  }
}
