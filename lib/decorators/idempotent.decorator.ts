import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { IDEMPOTENT_METADATA, type IdempotentRouteSetting } from '../constants/metadata-keys.js';
import { IdempotencyInterceptor } from '../interceptors/idempotency.interceptor.js';

export { IDEMPOTENT_METADATA, type IdempotentRouteSetting };

/** Options of {@link Idempotent}. */
export interface IdempotentOptions {
  /**
   * Refuse requests without the key header with `idempotency_key_required` (400). Default false:
   * without the header the request runs as usual, unprotected.
   */
  readonly required?: boolean;
}

/**
 * Makes a route (or every route of a controller) idempotent by key: a request carrying an
 * `Idempotency-Key` runs once, and retries with the same key get the stored response, byte for
 * byte, with `Idempotent-Replayed: true` (see docs/idempotency.md). `@Idempotent(false)` opts a
 * route out, e.g. of `idempotency.allPosts` or of its controller's `@Idempotent()`. A method's
 * decorator overrides its controller's.
 *
 * Acts only when the module has an `idempotency` section (`idempotency: {}` for the defaults).
 * `allPosts` also needs `globalInterceptors: true` beside the module options (checked at start-up).
 *
 * @example
 * ```ts
 * @Idempotent({ required: true })
 * @Post('messages')
 * send(@Body() dto: SendMessageDto) { … }
 *
 * @Idempotent(false) // with allPosts: true, a search by POST needs no key
 * @Post('messages/search')
 * search(@Body() query: SearchDto) { … }
 * ```
 */
export const Idempotent = (options: IdempotentOptions | false = {}): ClassDecorator & MethodDecorator =>
  options === false
    ? SetMetadata<string, IdempotentRouteSetting>(IDEMPOTENT_METADATA, false)
    : // The decorator brings its interceptor, so routes without it pay for no interceptor at all.
      applyDecorators(
        SetMetadata<string, IdempotentRouteSetting>(IDEMPOTENT_METADATA, Object.freeze({ required: options.required === true })),
        UseInterceptors(IdempotencyInterceptor),
      );
