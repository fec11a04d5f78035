import { checkOptionalBoolean, checkOptionalEnum, checkOptionalNonEmptyString, checkSectionObject, optionError } from '../options/option-checks.js';
import type { WorkspaceResolver } from '../ports/workspace-resolver.port.js';
import { isHeaderName } from '../context/header-name.js';

/**
 * Formats the workspace header value must have; anything else is 400 `invalid_workspace_header`.
 *
 * - `'positive-integer'`: `1`, `42` (no sign, no leading zero, at most 2^53 - 1);
 * - `'uuid'`: an RFC 9562 UUID in canonical form, any case;
 * - `'token'`: 1-128 characters of letters, digits and `._:-`;
 * - `{ prefix: 'team_' }`: the prefix then 1-64 letters and digits (`team_a1B2`);
 * - a `RegExp` of your own (without the `g` or `y` flag; anchor it with `^…$`).
 */
export type WorkspaceIdFormat = 'positive-integer' | 'uuid' | 'token' | { readonly prefix: string } | RegExp;

/**
 * Options of the workspace / team check (module option `workspace`). Without this section the
 * check is off.
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   workspace: { header: 'X-Team-Id', format: 'uuid', resolver: new TeamResolver(db), personalKeyWithHeader: 'reject' },
 * });
 * ```
 */
export interface WorkspaceOptions {
  /** Header that names the workspace / team. Default `X-Workspace-Id`. */
  readonly header?: string;
  /** Format of the header value. Default `'token'`. */
  readonly format?: WorkspaceIdFormat;
  /** The app's resolver (required). */
  readonly resolver: WorkspaceResolver;
  /**
   * Whether every authenticated route needs a workspace (the header, a team key's own workspace or
   * the main one). When none resolves: 403 `no_main_workspace`. Default false; per route:
   * `@RequireWorkspace()`.
   */
  readonly required?: boolean;
  /**
   * What a personal key sent with the workspace header gets: `'allow'` (the resolver decides
   * whether the person is a member) or `'reject'` (403 `team_key_required`: only team keys act in
   * a team). Default `'allow'`.
   */
  readonly personalKeyWithHeader?: 'allow' | 'reject';
  /**
   * The role `@RequireRole` sees when the request has no workspace (personal context), e.g.
   * `'owner'` (people own their personal account). Default none: role-restricted routes then
   * answer 403 `workspace_access_denied` outside a workspace.
   */
  readonly personalContextRole?: string;
}

const FORMATS: Readonly<Record<'positive-integer' | 'uuid' | 'token', RegExp>> = Object.freeze({
  // At most 15 digits, so every accepted id is a safe integer in JavaScript and in JSON clients.
  'positive-integer': /^[1-9][0-9]{0,14}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  token: /^[A-Za-z0-9._:-]{1,128}$/,
});

/** The `workspace` section, validated once at start-up. */
export interface ResolvedWorkspaceOptions {
  readonly header: string;
  readonly headerLower: string;
  readonly format: RegExp;
  readonly resolver: WorkspaceResolver;
  readonly required: boolean;
  readonly rejectPersonalKeyWithHeader: boolean;
  readonly personalContextRole: string | undefined;
}

/** Applies defaults to the `workspace` section and validates it; null when absent. */
export function resolveWorkspaceOptions(input: WorkspaceOptions | undefined): ResolvedWorkspaceOptions | null {
  if (input === undefined) return null;
  checkSectionObject(input, 'workspace', 'workspace: { resolver, header?, format? }');
  if (typeof input.resolver?.resolve !== 'function') {
    throw optionError('resolve workspaces', 'workspace.resolver has no resolve() method', 'pass an object implementing WorkspaceResolver (resolve(principal, workspaceId, request))');
  }
  const header = input.header ?? 'X-Workspace-Id';
  if (!isHeaderName(header)) {
    throw optionError(`use workspace.header "${String(header)}"`, 'it is not a valid HTTP header name', 'pass a name such as "X-Team-Id"');
  }
  checkOptionalEnum(input.personalKeyWithHeader, ['allow', 'reject'], 'workspace.personalKeyWithHeader', "pass 'allow' or 'reject'");
  checkOptionalBoolean(input.required, 'workspace.required');
  checkOptionalNonEmptyString(input.personalContextRole, 'workspace.personalContextRole', "pass a role such as 'owner', or leave it out");
  return Object.freeze({
    header,
    headerLower: header.toLowerCase(),
    format: compileFormat(input.format ?? 'token'),
    resolver: input.resolver,
    required: input.required ?? false,
    rejectPersonalKeyWithHeader: input.personalKeyWithHeader === 'reject',
    personalContextRole: input.personalContextRole,
  });
}

function compileFormat(format: WorkspaceIdFormat): RegExp {
  if (format instanceof RegExp) {
    // A global or sticky regex keeps lastIndex between test() calls and would reject every other request.
    if (format.global || format.sticky) {
      throw optionError(`use workspace.format ${String(format)}`, 'it has the g or y flag, which makes test() stateful', 'drop the flag');
    }
    return format;
  }
  if (typeof format === 'string' && Object.hasOwn(FORMATS, format)) return FORMATS[format as keyof typeof FORMATS];
  if (typeof format === 'object' && format !== null && typeof format.prefix === 'string' && /^[A-Za-z0-9_.:-]{1,32}$/.test(format.prefix)) {
    return new RegExp(`^${format.prefix.replace(/[.]/g, '\\.')}[A-Za-z0-9]{1,64}$`);
  }
  throw optionError(`use workspace.format ${JSON.stringify(format)}`, 'it is not a known format', "pass 'positive-integer', 'uuid', 'token', { prefix: 'team_' } (1-32 letters, digits or _.:-), or a RegExp");
}
