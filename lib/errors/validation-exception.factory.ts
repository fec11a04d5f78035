import { ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { ApiError } from './api-error.js';
import { apiError, builtInCatalogue } from './catalogue.js';
import type { FieldViolation } from './catalogue-entry.js';

/**
 * Flattens class-validator errors into one violation per failed constraint, with dotted paths
 * through nested objects and arrays (`recipients.3`, `sender.name`). Every violation is kept, not
 * just the first.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, constraint, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * `exceptionFactory` for Nest's `ValidationPipe`: every violation becomes a detail of one
 * `validation_failed` error, whose `param` is the first field at fault.
 *
 * @example
 * ```ts
 * new ValidationPipe({ transform: true, exceptionFactory: validationExceptionFactory });
 * ```
 */
export function validationExceptionFactory(errors: ValidationError[]): ApiError {
  const details = flattenValidationErrors(errors);
  return apiError('validation_failed', { details, ...(details[0] ? { param: details[0].field } : {}) });
}

/**
 * A ready `ValidationPipe`: transforms payloads to DTO instances, rejects unknown properties, and
 * reports every violation as `validation_failed`. Needs the optional peers class-validator and
 * class-transformer.
 *
 * @example
 * ```ts
 * app.useGlobalPipes(createValidationPipe());
 * // or per route: @Body(createValidationPipe()) dto: SendMessageDto
 * ```
 */
export function createValidationPipe(options: EdgeValidationPipeOptions = {}): ValidationPipe {
  const { errorKey, ...pipeOptions } = options;
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: errorKey === undefined ? validationExceptionFactory : validationExceptionFactoryFor(errorKey),
    ...pipeOptions,
  });
}

/** Options of {@link createValidationPipe}: Nest's, plus the catalogue key to raise. */
export interface EdgeValidationPipeOptions extends ValidationPipeOptions {
  /**
   * Catalogue key raised instead of `validation_failed`, e.g. `INVALID_PARAMS` for a pipe on
   * query or path parameters. It must exist in the app's catalogue (the filter resolves it).
   */
  readonly errorKey?: string;
}

/**
 * An `exceptionFactory` raising `key` (an app catalogue key) with every violation as details.
 * The filter resolves the key against the app's catalogue.
 */
export function validationExceptionFactoryFor(key: string): (errors: ValidationError[]) => ApiError {
  const template = { ...builtInCatalogue.get('validation_failed'), key };
  return (errors) => {
    const details = flattenValidationErrors(errors);
    return new ApiError(template, { details, ...(details[0] ? { param: details[0].field } : {}) });
  };
}
