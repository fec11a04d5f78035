import { checkOptionalBoolean, checkSectionObject, optionError } from '../options/option-checks.js';
import { isHeaderName } from '../context/header-name.js';
import type { SectionContext } from '../options/section-context.js';
import type { PlanProvider } from '../ports/plan-provider.port.js';
import { NamedErrorKeys } from './named-error-keys.js';
import type { PlanOptions } from './plan.options.js';
import { RequestQuotas } from './request-quotas.js';

// Not in plan.options.ts: RequestQuotas imports that file's types, and the resolver builds one,
// so one file would make an import circle.

const NO_RESOURCES: readonly string[] = Object.freeze([]);

/** The `plans` section, validated once at start-up. */
export interface ResolvedPlanOptions {
  readonly provider: PlanProvider;
  readonly requireActiveSubscription: boolean;
  readonly featureKeys: NamedErrorKeys;
  readonly limitKeys: NamedErrorKeys;
  /** Resources whose limit is the workspace owner's plan's (`ownerPlanLimits`). */
  readonly ownerPlanLimits: ReadonlySet<string>;
  readonly quotas: RequestQuotas;
  readonly fields: { readonly required: string; readonly balance: string; readonly unitCost: string; readonly units: string };
  readonly scale: number;
  readonly paygHeaderLower: string;
  readonly paygValueLower: string;
  /** `payg.header` and `payg.value` as given (defaults applied), for documentation (OpenAPI). */
  readonly paygHeader: string;
  readonly paygValue: string;
}

/** Applies defaults to the `plans` section and validates it; null when absent. */
export function resolvePlanOptions(input: PlanOptions | undefined, core: SectionContext): ResolvedPlanOptions | null {
  if (input === undefined) return null;
  checkSectionObject(input, 'plans', 'plans: { provider, quotas? }');
  if (typeof input.provider?.plan !== 'function') {
    throw optionError('check plans', 'plans.provider has no plan() method', 'pass an object implementing PlanProvider (plan(context), count?(resource, context))');
  }
  checkOptionalBoolean(input.requireActiveSubscription, 'plans.requireActiveSubscription');
  const decimals = input.balance?.decimals ?? 6;
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= 12)) {
    throw optionError(`use plans.balance.decimals ${String(decimals)}`, 'it is not an integer from 0 to 12', 'pass e.g. 2 for cents');
  }
  const given = input.balance?.fields ?? {};
  const fields = Object.freeze({
    required: given.required ?? 'required',
    balance: given.balance ?? 'balance',
    unitCost: given.unitCost ?? 'unit_cost',
    units: given.units ?? 'units',
  });
  const names = Object.values(fields);
  if (names.some((n) => typeof n !== 'string' || n === '') || new Set(names).size !== names.length) {
    throw optionError(`use plans.balance.fields ${JSON.stringify(given)}`, 'the names must be distinct non-empty strings', "e.g. { unitCost: 'unitCost' }");
  }
  const paygHeader = input.payg?.header ?? 'X-Confirm-Payg';
  if (!isHeaderName(paygHeader)) {
    throw optionError(`use plans.payg.header "${String(paygHeader)}"`, 'it is not a valid HTTP header name', 'pass e.g. "X-Confirm-Payg"');
  }
  const paygValue = input.payg?.value ?? 'true';
  if (typeof paygValue !== 'string' || paygValue.trim() === '') {
    throw optionError('use plans.payg.value', 'it is not a non-empty string', 'pass e.g. "true"');
  }
  const ownerPlanLimits = input.ownerPlanLimits ?? NO_RESOURCES;
  if (!Array.isArray(ownerPlanLimits) || ownerPlanLimits.some((r) => typeof r !== 'string' || r === '')) {
    throw optionError('use plans.ownerPlanLimits', 'it is not a list of resource names', "pass e.g. ['seats'] (the names used in @PlanLimit)");
  }
  if (ownerPlanLimits.length > 0 && typeof input.provider.ownerPlan !== 'function') {
    throw optionError(`judge ${ownerPlanLimits.join(', ')} by the workspace owner's plan`, 'the plan provider has no ownerPlan() method', 'implement ownerPlan(context) in your PlanProvider, or remove plans.ownerPlanLimits');
  }
  return Object.freeze({
    provider: input.provider,
    ownerPlanLimits: new Set(ownerPlanLimits),
    requireActiveSubscription: input.requireActiveSubscription ?? true,
    featureKeys: new NamedErrorKeys(core.catalogue, input.featureErrors, (f) => `${f}_not_available`, 'feature_not_available', 'plans.featureErrors'),
    limitKeys: new NamedErrorKeys(core.catalogue, input.limitErrors, (r) => `max_${r}_reached`, 'limit_reached', 'plans.limitErrors'),
    quotas: new RequestQuotas(core, input.quotas),
    fields,
    scale: 10 ** decimals,
    paygHeaderLower: paygHeader.toLowerCase(),
    paygValueLower: paygValue.trim().toLowerCase(),
    paygHeader,
    paygValue,
  });
}
