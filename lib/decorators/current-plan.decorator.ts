import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { edgeStateOf } from '../context/execution-contexts.js';

/**
 * The account's plan as the plan provider returned it (`AccountPlan` or your richer type), or
 * `undefined` on unauthenticated routes and without the `plans` option.
 *
 * @example
 * ```ts
 * @Get('usage')
 * usage(@CurrentPlan() plan: AccountPlan) { return { plan: plan.name, balance: plan.balance }; }
 * ```
 */
export const CurrentPlan = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => edgeStateOf(context)?.plan,
);
