import { ValidationPipe, type ArgumentMetadata, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { MAX_JSON_DEPTH_BOUND } from './body-depth.check.js';
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthExcess } from './json-depth.check.js';
import { reservedKeyPaths } from './reserved-keys.check.js';
import { ApiError } from '../errors/api-error.js';
import { builtInApiError, builtInCatalogue } from '../errors/catalogue.js';
import type { FieldViolation } from '../errors/catalogue-entry.js';
import { optionError } from '../options/option-checks.js';

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
  return builtInApiError('validation_failed', { details, ...(details[0] ? { param: details[0].field } : {}) });
}

/**
 * A ready `ValidationPipe`: transforms payloads to DTO instances, rejects unknown properties, and
 * reports every violation as `validation_failed`. Needs the optional peers class-validator and
 * class-transformer.
 *
 * Before class-transformer sees a value it is checked, iteratively, for two things the plain
 * `ValidationPipe` lets through:
 * - nesting deeper than `maxJsonDepth` (default 64): refused as one `maxDepth` violation of the
 *   top-level field it hangs from, instead of a stack overflow and a 500;
 * - keys named like a member of `Object.prototype` (`constructor`, `__proto__`, `toString`,
 *   `valueOf`, `hasOwnProperty` …) or `prototype`, at any depth: refused as the same
 *   `whitelistValidation` violation as any unknown property (`property constructor should not
 *   exist`), where class-transformer would skip them silently.
 *
 * @example
 * ```ts
 * app.useGlobalPipes(createValidationPipe());
 * // or per route: @Body(createValidationPipe({ maxJsonDepth: 16 })) dto: SendMessageDto
 * ```
 */
export function createValidationPipe(options: EdgeValidationPipeOptions = {}): ValidationPipe {
  const { errorKey, maxJsonDepth = DEFAULT_MAX_JSON_DEPTH, ...pipeOptions } = options;
  if (!Number.isInteger(maxJsonDepth) || maxJsonDepth < 1 || maxJsonDepth > MAX_JSON_DEPTH_BOUND) {
    throw optionError('create the validation pipe', `maxJsonDepth is ${String(maxJsonDepth)}, not a whole number from 1 to ${MAX_JSON_DEPTH_BOUND}`, `pass createValidationPipe({ maxJsonDepth: ${DEFAULT_MAX_JSON_DEPTH} }) or leave it out for the default`);
  }
  return new EdgeValidationPipe(
    {
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      exceptionFactory: errorKey === undefined ? validationExceptionFactory : validationExceptionFactoryFor(errorKey),
      ...pipeOptions,
    },
    maxJsonDepth,
  );
}

// Enough to tell the client what to fix without building an answer as large as the body.
const MAX_RESERVED_KEY_VIOLATIONS = 20;

/** Options of {@link createValidationPipe}: Nest's, plus the catalogue key to raise. */
export interface EdgeValidationPipeOptions extends ValidationPipeOptions {
  /**
   * Catalogue key raised instead of `validation_failed`, e.g. `INVALID_PARAMS` for a pipe on
   * query or path parameters. It must exist in the app's catalogue (the filter resolves it).
   */
  readonly errorKey?: string;
  /**
   * How deep objects and arrays may nest in a validated value (the root is level 1). Deeper
   * values are refused before class-transformer runs. A whole number from 1 to 1000; default 64.
   */
  readonly maxJsonDepth?: number;
}

/**
 * Nest's `ValidationPipe` with the depth and reserved-key checks in front (see
 * {@link createValidationPipe}). Only values the pipe would transform are checked.
 */
class EdgeValidationPipe extends ValidationPipe {
  constructor(
    options: ValidationPipeOptions,
    private readonly maxJsonDepth: number,
  ) {
    super(options);
  }

  /** Checks the plain value, then hands it to Nest's pipe. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (typeof value === 'object' && value !== null) {
      const target = this.expectedType ? { ...metadata, metatype: this.expectedType } : metadata;
      if (target.metatype && this.toValidate(target)) {
        const excess = jsonDepthExcess(value, this.maxJsonDepth);
        if (excess !== null) {
          throw await this.exceptionFactory([
            {
              property: excess.field,
              constraints: { maxDepth: `${excess.field} must not nest objects or arrays deeper than ${excess.maxDepth} levels` },
              children: [],
            },
          ]);
        }
        const reserved = reservedKeyPaths(value, MAX_RESERVED_KEY_VIOLATIONS, this.maxJsonDepth);
        if (reserved.length > 0) throw await this.exceptionFactory(reserved.map(unknownPropertyError));
      }
    }
    return super.transform(value, metadata);
  }
}

// `a.b.constructor` as class-validator reports a non-whitelisted property of a nested object.
function unknownPropertyError(path: string): ValidationError {
  const segments = path.split('.');
  const name = segments[segments.length - 1] as string;
  let error: ValidationError = { property: name, constraints: { whitelistValidation: `property ${name} should not exist` }, children: [] };
  for (let i = segments.length - 2; i >= 0; i--) error = { property: segments[i] as string, children: [error] };
  return error;
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
