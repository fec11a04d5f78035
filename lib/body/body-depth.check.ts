import { ApiError } from '../errors/api-error.js';
import { builtInCatalogue } from '../errors/catalogue.js';
import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth, jsonDepthExcess, type JsonDepthExcess } from './json-depth.check.js';
import { optionError } from '../options/option-checks.js';

/**
 * The largest depth bound accepted (`validation.maxJsonDepth`, `createValidationPipe`): far above
 * any payload, still below the depth at which class-transformer overflows the stack.
 */
export const MAX_JSON_DEPTH_BOUND = 1000;

/**
 * `validation.maxJsonDepth` checked once at start-up: a whole number from 1 to 1000, default 64.
 * @throws {OptionsConfigurationError} with the fix.
 */
export function resolveMaxJsonDepth(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_JSON_DEPTH;
  if (!Number.isInteger(value) || value < 1 || value > MAX_JSON_DEPTH_BOUND) {
    throw optionError('bound request bodies', `validation.maxJsonDepth is ${String(value)}, not a whole number from 1 to ${MAX_JSON_DEPTH_BOUND}`, `pass e.g. validation: { maxJsonDepth: ${DEFAULT_MAX_JSON_DEPTH} } or leave it out for the default`);
  }
  return value;
}

/**
 * The global guard's last step: a parsed body nested deeper than `maxDepth` is refused as
 * `validation_failed` (one `maxDepth` violation on the top-level field it hangs from) before any
 * pipe sees it. Apps that validate with Nest's plain `ValidationPipe` would otherwise hand
 * class-transformer a body that overflows its stack (a 500 and a logged stack for a 2 KB request);
 * `createValidationPipe` does the same check for routes outside the guard.
 *
 * Costs one walk over the containers of the body (scalars are not visited); a flat body costs
 * one loop over its keys.
 *
 * @throws {ApiError} `validation_failed` with the violation as its only detail.
 */
export function refuseDeepBody(body: unknown, maxDepth: number): void {
  if (typeof body !== 'object' || body === null) return;
  // The allocation-free walk first; the one that names the field only for a refusal.
  if (!exceedsJsonDepth(body, maxDepth)) return;
  const excess = jsonDepthExcess(body, maxDepth) as JsonDepthExcess;
  const detail = {
    field: excess.field,
    constraint: 'maxDepth',
    message: `${excess.field} must not nest objects or arrays deeper than ${excess.maxDepth} levels`,
  };
  throw new ApiError(builtInCatalogue.get('validation_failed'), { details: [detail], param: excess.field });
}
