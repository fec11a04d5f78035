/** Metadata key of {@link BoundResource}. */
export const BOUND_RESOURCES = 'api-edge:bound-resources';

/** One resource binding check of a route, as {@link BoundResource} records it. */
export interface BoundResourceRule {
  /** Resource type, a key of `principal.boundResources` (e.g. `line`, `instance`). */
  readonly resourceType: string;
  /** Route parameter holding the resource id (e.g. `lineId` for `/lines/:lineId`). */
  readonly routeParam: string;
  /** Catalogue key raised on refusal. Default `resource_not_accessible`. */
  readonly error?: string;
}

/**
 * Refuses a key bound to some resources of `resourceType` when the route's `routeParam` names
 * another one (`resource_not_accessible`, or the catalogue key in `options.error`, e.g. your own
 * `line_not_accessible` entry). A key with no binding for that type passes. Repeatable; controller
 * and handler rules add up.
 *
 * @example
 * ```ts
 * @BoundResource('line', 'lineId')
 * @Get('lines/:lineId/messages') list(@Param('lineId') lineId: string) { … }
 *
 * // a code of its own per resource type: add the entry to your catalogue, then
 * @BoundResource('instance', 'instanceId', { error: 'INSTANCE_NOT_ASSIGNED' })
 * ```
 */
export function BoundResource(
  resourceType: string,
  routeParam: string,
  options: { readonly error?: string } = {},
): MethodDecorator & ClassDecorator {
  const rule: BoundResourceRule = Object.freeze({ resourceType, routeParam, ...(options.error ? { error: options.error } : {}) });
  return (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? (descriptor.value as object) : target;
    const existing = (Reflect.getMetadata(BOUND_RESOURCES, holder) as readonly BoundResourceRule[] | undefined) ?? [];
    Reflect.defineMetadata(BOUND_RESOURCES, Object.freeze([...existing, rule]), holder);
    return descriptor as never;
  };
}
