import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { edgeState, type EdgeRequestState } from '../context/edge-request-state.js';

/**
 * One check of the edge. The global `ApiEdgeGuard` runs the checks in a fixed order; each check
 * is also a guard of its own (`@UseGuards(SignatureGuard)`) for apps that compose them by hand.
 *
 * A check refuses by throwing a catalogued `ApiError`; it passes by returning. Checks that need no
 * I/O return synchronously so the hot path allocates no promise.
 */
export abstract class EdgeCheckGuard implements CanActivate {
  /** Runs the check on one request; throws an `ApiError` to refuse. */
  abstract check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void>;

  /** Guard entry point: runs {@link check} on an HTTP request. */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    await this.check(context, edgeState(context.switchToHttp().getRequest<object>()));
    return true;
  }
}
