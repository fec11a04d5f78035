import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { PeerPrincipal } from './peer-key.store.js';
import { ipInRanges } from './peer-ip-ranges.js';

/** The key's own allowlist, after authentication (an empty list allows any address). */
@Injectable()
export class PeerKeyIpGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { user?: PeerPrincipal }>();
    const ranges = request.user?.allowedRanges;
    if (ranges !== undefined && ranges.length > 0 && !ipInRanges(request.ip, ranges)) {
      throw new ForbiddenException('IP address not allowed for this key');
    }
    return true;
  }
}
