import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { edgeStateOf } from '../context/execution-contexts.js';

/**
 * The request id of the current request (the one echoed in `X-Request-Id`).
 * @example
 * ```ts
 * @Get('status') status(@RequestId() requestId: string) { return { requestId }; }
 * ```
 */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    edgeStateOf(context)?.requestId,
);
