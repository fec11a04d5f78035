import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { edgeState, type EdgeRequestState } from '../context/edge-request-state.js';
import { checkedContextOf } from '../context/execution-contexts.js';
import type { ApiEdgeOptions } from '../api-edge.options.js';

/** What every check does: refuse (throw a catalogued `ApiError`) or pass (return). */
export interface EdgeCheck {
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void>;
}

/**
 * One check of the edge. The global `ApiEdgeGuard` runs the checks in a fixed order; each check
 * is also a guard of its own (`@UseGuards(SignatureGuard)`) for apps that compose them by hand.
 *
 * A check refuses by throwing a catalogued `ApiError`; it passes by returning. Checks that need no
 * I/O return synchronously so the hot path allocates no promise.
 */
export abstract class EdgeCheckGuard implements CanActivate, EdgeCheck {
  /** Runs the check on one request; throws an `ApiError` to refuse. */
  abstract check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void>;

  /** Guard entry point: runs {@link check} on an HTTP request. */
  async canActivate(original: ExecutionContext): Promise<boolean> {
    const context = checkedContextOf(original, this.options.contexts);
    if (context === null) return true;
    await this.check(context, edgeState(context.switchToHttp().getRequest<object>()));
    return true;
  }

  /** The module's resolved options (every check is built with them). */
  protected abstract readonly options: ApiEdgeOptions;
}
