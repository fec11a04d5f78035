import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RequireSignature} / {@link SkipSignature}: `true` requires, `false` exempts. */
export const SIGNATURE_METADATA = 'api-edge:signature';

/**
 * Requires a valid HMAC signature on a route or on every route of a controller, whatever the key
 * and the global `signature.required` say. A method's decorator overrides its controller's.
 *
 * @example
 * ```ts
 * @RequireSignature()
 * @Post('messages')
 * send(@Body() dto: SendMessageDto) { … }
 * ```
 */
export const RequireSignature = (): ClassDecorator & MethodDecorator => SetMetadata(SIGNATURE_METADATA, true);

/**
 * Exempts a route (or controller) from signature checks: from the global `signature.required`,
 * from `@RequireSignature()` on its controller, and from keys that require signing. Meant for routes
 * whose bytes cannot be signed (streamed uploads) or that must work unsigned (a health check).
 *
 * @example
 * ```ts
 * @SkipSignature()
 * @Get('health')
 * health() { return { ok: true }; }
 * ```
 */
export const SkipSignature = (): ClassDecorator & MethodDecorator => SetMetadata(SIGNATURE_METADATA, false);
