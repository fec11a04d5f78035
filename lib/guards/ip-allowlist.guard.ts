import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { EdgeCheckGuard } from './edge-check.guard.js';

/** STUB (to be written by the owner of this feature). */
@Injectable()
export class IpAllowlistGuard extends EdgeCheckGuard {
  /** Both phases, for use as a stand-alone guard. */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    this.checkGlobal(context, state);
    return this.checkPrincipal(context, state);
  }

  /** STUB: passes until the feature lands. */
  checkGlobal(_context: ExecutionContext, _state: EdgeRequestState): void | Promise<void> {
    return;
  }

  /** STUB: passes until the feature lands. */
  checkPrincipal(_context: ExecutionContext, _state: EdgeRequestState): void | Promise<void> {
    return;
  }
}
