import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { EdgeCheckGuard } from '../guards/edge-check.guard.js';

/** STUB (to be written by the owner of this feature). */
@Injectable()
export class RateLimitGuard extends EdgeCheckGuard {
  /** STUB: passes until the feature lands. */
  check(_context: ExecutionContext, _state: EdgeRequestState): void | Promise<void> {
    return;
  }
}
