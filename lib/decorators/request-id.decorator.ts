import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { edgeState } from '../context/edge-request-state.js';

/**
 * The request id of the current request (the one echoed in `X-Request-Id`).
 * @example
 * ```ts
 * @Get('status') status(@RequestId() requestId: string) { return { requestId }; }
 * ```
 */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    edgeState(context.switchToHttp().getRequest<object>()).requestId,
);
