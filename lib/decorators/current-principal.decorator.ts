import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { edgeState } from '../context/edge-request-state.js';

/**
 * The authenticated principal (key id, account, kind, scopes …), or `undefined` on public routes.
 * @example
 * ```ts
 * @Post('messages') send(@CurrentPrincipal() principal: Principal) { … }
 * ```
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => edgeState(context.switchToHttp().getRequest<object>()).principal,
);
