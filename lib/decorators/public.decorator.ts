import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Public}. Other checks read it to stand aside on public routes. */
export const PUBLIC_ROUTE = 'api-edge:public';

/**
 * Marks a route (or every route of a controller) as needing no credentials: authentication and
 * scope checks stand aside and `@CurrentPrincipal()` is `undefined`. Checks that do not depend on
 * who calls (maintenance, global IP allowlist, per-IP rate limits) still apply.
 *
 * @example
 * ```ts
 * @Public()
 * @Get('health')
 * health() { return { ok: true }; }
 * ```
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
