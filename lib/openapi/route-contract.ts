import { Reflector } from '@nestjs/core';
import type { ApiEdgeOptions } from '../api-edge.options.js';
import type { EdgeRoute } from '../routes/route-table.js';
import { RAISES_ERRORS_METADATA } from './raises-errors.decorator.js';
import { optionError } from '../options/option-checks.js';

/** A request header an operation documents. */
export interface ContractHeader {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

/** What one route's checks can do on the wire, read from its compiled parts in the route table. */
export interface RouteContract {
  /** Catalogue keys the route can answer with (edge checks, the body, the handler's own), in check order. */
  readonly errorKeys: readonly string[];
  /** Which credential kinds the route takes (none: public or authentication off). */
  readonly credentials: { readonly apiKey: boolean; readonly jwt: boolean };
  /** Request headers the checks read. */
  readonly requestHeaders: readonly ContractHeader[];
  /** Whether the rate limiter counts the route (and sends `RateLimit` headers). */
  readonly rateLimited: boolean;
  /** Whether retries with an idempotency key replay the first answer. */
  readonly idempotent: boolean;
}

// The compiled parts as the checks store them (lib/guards, lib/interceptors, lib/throttling); read
// structurally: a part that is absent (check not registered) documents nothing.
interface AuthenticationPart { readonly isPublic: boolean; readonly apiKey: boolean; readonly jwt: boolean }
interface ScopesPart { readonly none: boolean; readonly scopes?: readonly string[]; readonly levels?: readonly string[]; readonly bound?: readonly { readonly error?: string }[] }
interface WorkspacePart { readonly required: boolean; readonly personalOnly: boolean; readonly role: { readonly error: string } | null }
interface PlanPart { readonly allowInactive: boolean; readonly features: readonly string[]; readonly limits: readonly string[]; readonly cost: unknown; readonly quotas: readonly { readonly error: string }[] }
interface MaintenancePart { readonly stayOpen: boolean; readonly dependencies: readonly string[] }

const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const reflector = new Reflector();

/** Reads what `route` can answer, given the module's resolved options. */
export function routeContract(
  route: EdgeRoute,
  options: ApiEdgeOptions,
  http: { readonly method: string; readonly takesInput: boolean },
): RouteContract {
  const part = <T>(name: string): T | undefined => (route.sections[name] ?? undefined) as T | undefined;
  const keys: string[] = [];
  const add = (...more: string[]): void => {
    for (const key of more) if (!keys.includes(key)) keys.push(key);
  };
  const headers: ContractHeader[] = [];

  // Maintenance first, as the guard runs it.
  const maintenance = part<MaintenancePart>('maintenance');
  if (options.maintenance !== null && maintenance !== undefined) {
    if (!maintenance.stayOpen) add('maintenance_mode');
    const readiness = options.maintenance.readinessKeys;
    add(...maintenance.dependencies.map((d) => readiness.keyFor(d)));
  }
  if (options.ipAllowlist.given) add('ip_not_allowed');
  if (options.bruteForce !== null && part<boolean>('bruteForce') !== true) add('too_many_attempts');

  const auth = part<AuthenticationPart>('authentication');
  const apiKey = auth !== undefined && !auth.isPublic && auth.apiKey;
  const jwt = auth !== undefined && !auth.isPublic && auth.jwt;
  const authenticated = apiKey || jwt;
  if (apiKey) {
    add(jwt ? 'missing_credentials' : 'missing_api_key', 'ambiguous_api_key', 'invalid_api_key', 'api_key_inactive', 'api_key_revoked', 'api_key_expired', 'api_key_deleted', 'account_inactive');
  }
  if (jwt) add('missing_credentials', 'invalid_token', 'token_expired');
  if (authenticated) add('ip_not_allowed');

  // Signatures: required by the route, or by a key that demands signing (any API-key route the
  // route does not exempt), or by `signature.required`.
  const signatureRule = part<boolean | null>('signature');
  const signature = options.signature;
  if (signature.given && signatureRule !== false && (signatureRule === true || apiKey)) {
    add('signature_missing', 'signature_required', 'signature_malformed', 'signature_invalid', 'signature_expired', 'signature_replayed');
    const names = signature.headerNames;
    const always = signatureRule === true || (signature.required && !jwt);
    const when = always ? 'Required.' : 'Required when the API key requires signing (or the module requires signatures).';
    headers.push(
      { name: names.signature, required: always, description: `HMAC signature of the request (hex, or the single-header form t=…,v1=…). ${when}` },
      { name: names.timestamp, required: false, description: 'Unix time (seconds) the request was signed at, unless the signature header carries it.' },
      { name: names.nonce, required: signature.requireNonce && always, description: 'A unique value per signed request, remembered for the tolerance window (replays are refused).' },
    );
  }

  const workspace = part<WorkspacePart>('workspace');
  const workspaces = options.workspace;
  if (workspaces !== null && workspace !== undefined && (authenticated || workspace.required || workspace.personalOnly || workspace.role !== null)) {
    if (!authenticated) add('missing_credentials');
    if (workspace.personalOnly) add('team_key_not_allowed');
    add('invalid_workspace_header', 'workspace_not_found', 'cross_tenant_workspace', 'workspace_not_available', 'no_main_workspace');
    if (workspaces.rejectPersonalKeyWithHeader) add('team_key_required');
    if (workspace.role !== null) add(workspace.role.error);
    headers.push({ name: workspaces.header, required: false, description: 'The workspace (team) the request acts in; default: the key’s own workspace, else the main one.' });
  }

  const scopes = part<ScopesPart>('scopes');
  if (scopes !== undefined && !scopes.none) {
    if ((scopes.scopes?.length ?? 0) > 0) add('insufficient_scope');
    if (scopes.levels !== undefined) add('scope_level_invalid');
    for (const rule of scopes.bound ?? []) add(rule.error ?? 'resource_not_accessible');
  }

  const plan = part<PlanPart | null>('plan');
  const plans = options.plans;
  if (plans !== null && plan !== undefined && plan !== null) {
    const declares = plan.features.length > 0 || plan.limits.length > 0 || plan.cost !== null || plan.quotas.length > 0;
    if (authenticated || declares) {
      if (!authenticated) add('missing_credentials');
      if (!plan.allowInactive && plans.requireActiveSubscription) add('subscription_inactive');
      add(...plan.features.map((f) => plans.featureKeys.keyFor(f)), ...plan.limits.map((r) => plans.limitKeys.keyFor(r)));
      if (plan.cost !== null) {
        // The provider decides per account whether pay-as-you-go needs the confirmation header.
        add('insufficient_balance', 'payg_confirm_required');
        headers.push({ name: plans.paygHeader, required: false, description: `"${plans.paygValue}" confirms a pay-as-you-go charge where the account requires it.` });
      }
      add(...plan.quotas.map((q) => q.error));
    }
  }

  // The rate-limit part is the route's compiled windows, null when none applies (skipped or none configured).
  const rateLimited = options.rateLimit !== null && part<object | null>('rateLimit') != null;
  if (rateLimited) add('rate_limited');

  const setting = part<false | { readonly required: boolean } | undefined>('idempotency');
  const idempotency = options.idempotency;
  const idempotent = idempotency !== undefined && setting !== false && (setting !== undefined || (idempotency.allPosts && http.method === 'POST'));
  if (idempotent) {
    const required = typeof setting === 'object' && setting.required;
    add('invalid_idempotency_key', ...(required ? ['idempotency_key_required'] : []), 'idempotency_in_progress', 'idempotency_key_reused');
    headers.push({
      name: idempotency.header,
      required,
      description: 'A key unique per operation: a retry with the same key and body replays the first answer (Idempotent-Replayed: true).',
    });
  }

  // The body and the parameters: parsed and validated before the handler runs.
  if (BODY_METHODS.has(http.method) && http.method !== 'DELETE') add('invalid_json', 'payload_too_large', 'unsupported_media_type');
  if (http.takesInput) add('validation_failed');

  // The handler's own errors, then what any route can answer when something fails.
  const own = reflector.getAllAndMerge<string[]>(RAISES_ERRORS_METADATA, [route.handler as () => void, route.controller as () => void]) ?? [];
  for (const key of own) {
    if (!options.catalogue.has(key)) {
      throw optionError(`document @RaisesErrors('${key}') on ${route.name}`, `"${key}" is not a catalogue key`, "add it to your catalogue's entries, or remove it from @RaisesErrors");
    }
  }
  add(...own);
  if (options.store !== null) add('store_unavailable');
  add('internal_error');
  return {
    errorKeys: keys.filter((key) => options.catalogue.has(key)),
    credentials: { apiKey, jwt },
    requestHeaders: headers,
    rateLimited,
    idempotent,
  };
}
