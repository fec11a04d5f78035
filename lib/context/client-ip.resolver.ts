import { Injectable } from '@nestjs/common';
import { edgeState } from './edge-request-state.js';

/**
 * STUB (to be written by the owner of the IP allowlist): the one client-IP resolver shared by the
 * IP allowlist and the rate limiter. Today: the socket address.
 */
@Injectable()
export class ClientIpResolver {
  /** The client IP of `request` (cached in the edge state). */
  resolve(request: object): string {
    const state = edgeState(request);
    return (state.clientIp ??= (request as { socket?: { remoteAddress?: string } }).socket?.remoteAddress ?? '');
  }
}
