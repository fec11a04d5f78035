import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RequireWorkspace}. */
export const REQUIRE_WORKSPACE_METADATA = 'api-edge:require-workspace';

/**
 * The route needs a workspace: from the header, a team key's own workspace, or the account's main
 * one. When none resolves: 403 `no_main_workspace`. Needs the `workspace` module option.
 *
 * @example
 * ```ts
 * @Controller('instances') @RequireWorkspace()
 * export class InstancesController { … }
 * ```
 */
export const RequireWorkspace = (): MethodDecorator & ClassDecorator => SetMetadata(REQUIRE_WORKSPACE_METADATA, true);
