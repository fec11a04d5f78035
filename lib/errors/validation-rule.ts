import type { FieldViolation } from './catalogue-entry.js';

/**
 * Maps a validation violation to a catalogue key of its own, for APIs that report field errors
 * with specific codes (`INVALID_TO`, `TOO_MANY_RECIPIENTS`, `missing_required_parameter`) instead
 * of one `validation_failed`. Every given condition must match; an absent condition matches all.
 */
export interface ValidationRule {
  /** The violation's dotted field path, exactly, or a pattern (`/^recipients(\.|$)/`). */
  readonly field?: string | RegExp;
  /** The class-validator constraint name(s), e.g. `arrayMaxSize` or `['isDefined', 'isNotEmpty']`. */
  readonly constraint?: string | readonly string[];
  /** The catalogue key to raise. */
  readonly key: string;
}

/** Options of the `validation` section. */
export interface ValidationOptions {
  /**
   * Tried on the violations of a `validation_failed` error in order: the first violation that
   * matches any rule decides the key (rules in the order given). Every violation still travels
   * in `details`. Without a match the error stays `validation_failed`.
   *
   * @example
   * ```ts
   * validation: { rules: [
   *   { field: 'recipients', constraint: 'arrayMaxSize', key: 'TOO_MANY_RECIPIENTS' },
   *   { field: /^recipients(\.|$)/, key: 'INVALID_TO' },
   *   { constraint: ['isDefined', 'isNotEmpty'], key: 'missing_required_parameter' },
   * ] }
   * ```
   */
  readonly rules?: readonly ValidationRule[];
  /**
   * How deep a request body may nest objects and arrays (default 64, at most 1000). The global
   * guard refuses a deeper body as `validation_failed` (a `maxDepth` violation) before any pipe
   * runs, so Nest's plain `ValidationPipe` never hands class-transformer a body that overflows
   * its stack. Raise it together with `createValidationPipe({ maxJsonDepth })` if you raise one.
   */
  readonly maxJsonDepth?: number;
}

/** The key of the first rule matching the first matching violation, else `undefined`. */
export function matchValidationRule(
  rules: readonly ValidationRule[],
  violations: readonly unknown[],
): string | undefined {
  for (const violation of violations) {
    if (!isFieldViolation(violation)) continue;
    for (const rule of rules) if (matches(rule, violation)) return rule.key;
  }
  return undefined;
}

function matches(rule: ValidationRule, violation: FieldViolation): boolean {
  if (rule.field !== undefined) {
    if (typeof rule.field === 'string' ? rule.field !== violation.field : !rule.field.test(violation.field)) return false;
  }
  if (rule.constraint !== undefined) {
    if (typeof rule.constraint === 'string' ? rule.constraint !== violation.constraint : !rule.constraint.includes(violation.constraint)) {
      return false;
    }
  }
  return true;
}

function isFieldViolation(value: unknown): value is FieldViolation {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldViolation).field === 'string' &&
    typeof (value as FieldViolation).constraint === 'string'
  );
}
