import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { edgeStateOf } from '../context/execution-contexts.js';

/**
 * The account's plan as the plan provider returned it (`AccountPlan` or your richer type), or
 * `undefined` on unauthenticated routes and without the `plans` option. Type the parameter
 * `EdgePlan | undefined`: the plan type the app declares in `ApiEdgeTypes`.
 *
 * @example
 * ```ts
 * // with `declare module 'nest-api-edge' { interface ApiEdgeTypes { plan: AccountPlan } }`
 * @Get('usage')
 * usage(@CurrentPlan() plan: EdgePlan) { return { plan: plan.name, balance: plan.balance }; }
 * ```
 */
export const CurrentPlan = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => edgeStateOf(context)?.plan,
);
