import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { BENCH_GLOBAL_ALLOWLIST } from '../bench-credentials.js';
import { ipInRanges, parseIpRanges } from './peer-ip-ranges.js';

/**
 * The global IP allowlist, before authentication. `req.ip` is Express's: the socket address, or the
 * rightmost untrusted `X-Forwarded-For` hop with `app.set('trust proxy', 'loopback')`.
 */
@Injectable()
export class PeerGlobalIpGuard implements CanActivate {
  private readonly ranges = parseIpRanges(BENCH_GLOBAL_ALLOWLIST);

  canActivate(context: ExecutionContext): boolean {
    if (!ipInRanges(context.switchToHttp().getRequest<Request>().ip, this.ranges)) {
      throw new ForbiddenException('IP address not allowed');
    }
    return true;
  }
}
