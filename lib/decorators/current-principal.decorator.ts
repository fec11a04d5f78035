import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { edgeStateOf } from '../context/execution-contexts.js';

/**
 * The authenticated principal (key id, account, kind, scopes …), or `undefined` on public routes.
 * @example
 * ```ts
 * @Post('messages') send(@CurrentPrincipal() principal: Principal) { … }
 * ```
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => edgeStateOf(context)?.principal,
);
