import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RaisesErrors}: the catalogue keys a handler throws itself. */
export const RAISES_ERRORS_METADATA = 'nest-api-edge:raises-errors';

/**
 * Declares the catalogue errors a handler (or every handler of a controller) throws itself, beyond
 * those the edge's checks raise, so the OpenAPI document lists them with their status and example
 * (`applyApiEdgeOpenApi`). Keys are checked against the catalogue when the document is built.
 *
 * @example
 * ```ts
 * @RaisesErrors('conflict')
 * @Post('contacts')
 * create(@Body() dto: CreateContactDto) { … throw apiError('conflict', { param: 'phone' }); }
 * ```
 */
export function RaisesErrors(...keys: string[]): MethodDecorator & ClassDecorator {
  return SetMetadata(RAISES_ERRORS_METADATA, Object.freeze([...keys]));
}
