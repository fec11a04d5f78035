import { createParamDecorator, type ExecutionContext, type PipeTransform, type Type } from '@nestjs/common';
import { edgeState } from '../context/edge-request-state.js';
import { requestOf } from '../context/execution-contexts.js';
import { workspaceContext } from '../workspaces/workspace-context.js';

/**
 * The workspace the resolver returned (its `workspace` object), or `undefined` outside a
 * workspace. With `'id'` or `'role'`: the resolved id, or the caller's role in it. Type the
 * parameter `EdgeWorkspace | undefined`: the workspace type the app declares in `ApiEdgeTypes`.
 *
 * @example
 * ```ts
 * @Get('instances')
 * list(@CurrentWorkspace() team: EdgeWorkspace | undefined, @CurrentWorkspace('role') role: string | undefined) { … }
 * ```
 */
// Typed by hand: the inferred type names Nest 12's `ParameterDecoratorOptions`, which Nest 11 lacks,
// so the published typings would not compile in a Nest 11 app (skipLibCheck: false).
export const CurrentWorkspace: (...dataOrPipes: Array<'id' | 'role' | PipeTransform | Type<PipeTransform> | undefined>) => ParameterDecorator = createParamDecorator((field: 'id' | 'role' | undefined, context: ExecutionContext) => {
  const request = requestOf(context);
  if (request === undefined) return undefined;
  if (field === undefined) return edgeState(request).workspace;
  return workspaceContext(request)?.[field];
});
