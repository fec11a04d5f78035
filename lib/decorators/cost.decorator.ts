import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Cost}. */
export const COST_METADATA = 'api-edge:cost';

/**
 * How many cost units a request uses: a fixed number, or computed from the request (its body is
 * parsed but not yet validated, so be total: `Array.isArray(b?.to) ? b.to.length : 0`).
 */
export type CostUnits = number | ((request: any) => number);

/** The metadata {@link Cost} stores. */
export interface CostSpec {
  readonly units: CostUnits;
  /** Price of one unit; default the plan's `unitCosts[item]`, else its `unitCost`, else 1. */
  readonly unitCost?: number;
  /** Which of the plan's `unitCosts` prices this route's units. */
  readonly item?: string;
}

/**
 * Declares what the route charges. Before the handler runs, the plan check computes
 * `required = units × unit cost`; when the plan's `balance` is below it: 402
 * `insufficient_balance` with the breakdown `{ required, balance, unit_cost, units }` in the
 * envelope. When the plan says charges need consent (`paygConfirmRequired`) and the request lacks
 * the confirmation header (`X-Confirm-Payg: true`): 409 `payg_confirm_required`. The handler
 * charges; the module only checks. Method-level replaces class-level. Needs the `plans` option.
 *
 * @example
 * ```ts
 * @Post('sms') @Cost((req) => (Array.isArray(req.body?.to) ? req.body.to.length : 0), { item: 'sms' })
 * send(@Body() dto: SendSmsDto) { … }
 *
 * @Post('lookups') @Cost(1, { unitCost: 0.005 })
 * lookup() { … }
 * ```
 */
export const Cost = (units: CostUnits, options: { unitCost?: number; item?: string } = {}): MethodDecorator & ClassDecorator =>
  SetMetadata(COST_METADATA, Object.freeze({ units, ...options }) as CostSpec);
