import { OptionsConfigurationError } from '../errors/configuration.error.js';

// The one place that words start-up option errors, so every message reads
// "Cannot X because Y. Fix: Z." and no section grows its own `fail()` copy.

/** An `OptionsConfigurationError` reading "Cannot ${what} because ${why}. Fix: ${fix}." (`fix` without the final dot). */
export function optionError(what: string, why: string, fix: string): OptionsConfigurationError {
  return new OptionsConfigurationError(`Cannot ${what} because ${why}. Fix: ${fix}.`);
}

/** Throws {@link optionError}; for use in expressions and guard clauses. */
export function failOption(what: string, why: string, fix: string): never {
  throw optionError(what, why, fix);
}

/** Throws unless `value` is undefined or a boolean; `path` is the option's dotted name. */
export function checkOptionalBoolean(value: unknown, path: string, fix = 'pass true or false'): void {
  if (value !== undefined && typeof value !== 'boolean') failOption(`use ${path} ${String(value)}`, 'it is not a boolean', fix);
}

/** Throws unless `value` is undefined or a function. */
export function checkOptionalFunction(value: unknown, path: string, fix: string): void {
  if (value !== undefined && typeof value !== 'function') failOption(`use ${path}`, 'it is not a function', fix);
}

/** Throws unless `value` is undefined or a non-empty string. */
export function checkOptionalNonEmptyString(value: unknown, path: string, fix: string): void {
  if (value !== undefined && (typeof value !== 'string' || value.length === 0)) failOption(`use ${path}`, 'it is not a non-empty string', fix);
}

/** Throws unless `value` is undefined or one of `allowed`; returns it typed. */
export function checkOptionalEnum<T extends string>(value: unknown, allowed: readonly T[], path: string, fix: string): T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) failOption(`use ${path} "${String(value)}"`, 'it is not a known rule', fix);
  return value as T | undefined;
}

/** Throws unless a section is undefined or an object; `shape` is the fix, e.g. `maintenance: { enabled? }`. */
export function checkSectionObject(value: unknown, section: string, shape: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    failOption(`read the ${section} options`, 'they are not an object', `pass ${shape}`);
  }
}
