import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { PeerPrincipal } from './peer-key.store.js';

/** @nestjs/throttler's own guard, tracking per API key (passport's `req.user`), else per IP. */
@Injectable()
export class PeerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as PeerPrincipal | undefined;
    return user !== undefined ? user.id : String(req.ip);
  }
}
