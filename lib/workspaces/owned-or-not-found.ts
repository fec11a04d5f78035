import { builtInApiError } from '../errors/catalogue.js';

/**
 * Returns `resource` when it exists and belongs to the caller; otherwise throws `not_found` (404).
 * A resource of another tenant and a missing one raise the very same error, with no occurrence
 * data, so their responses are identical but for the request id: the API never confirms that
 * someone else's id exists, and never answers 403 for it.
 *
 * The error is raised by key; the filter answers with the app's own `not_found` entry.
 *
 * @param resource what the repository returned (`null`/`undefined` when missing).
 * @param belongsToCaller whether it is the caller's: a boolean, or a test run on the resource.
 * @example
 * ```ts
 * @Get('instances/:id')
 * async get(@Param('id') id: string, @CurrentWorkspace('id') workspaceId: string) {
 *   const instance = ownedOrNotFound(await this.instances.findById(id), (i) => i.workspaceId === workspaceId);
 *   return instance;
 * }
 * ```
 */
export function ownedOrNotFound<T>(
  resource: T | null | undefined,
  belongsToCaller: boolean | ((resource: T) => boolean),
): T {
  if (resource === null || resource === undefined) throw builtInApiError('not_found');
  const owned = typeof belongsToCaller === 'function' ? belongsToCaller(resource) : belongsToCaller;
  if (owned !== true) throw builtInApiError('not_found');
  return resource;
}
