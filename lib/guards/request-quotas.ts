import type { SectionContext } from '../options/section-context.js';
import { optionError } from '../options/option-checks.js';
import { NamedErrorKeys } from './named-error-keys.js';
import type { QuotaOptions } from './plan.options.js';
import type { AccountPlan } from '../ports/plan-provider.port.js';
import type { Principal } from '../ports/principal.js';
import type { EdgeStore } from '../stores/edge-store.js';
import type { StoreOperationQueue } from '../stores/store-operation-queue.js';
import { UtcPeriod } from '../plans/utc-period.js';

/** One configured quota, validated at start-up. */
export interface CompiledQuota {
  readonly name: string;
  readonly period: UtcPeriod;
  readonly limit: number | undefined;
  readonly everyRoute: boolean;
  readonly per: 'account' | 'key' | 'workspace';
  readonly error: string;
}

const QUOTA_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const NO_QUOTAS: readonly CompiledQuota[] = Object.freeze([]);

/**
 * The named request quotas of `plans.quotas`, counted per UTC period in the module's store
 * (`q:<name>:<subject>:<period id>`, expiring when the period ends), with time from the module's
 * clock. Used by the plan check.
 */
export class RequestQuotas {
  private readonly byName: ReadonlyMap<string, CompiledQuota>;
  /** The quotas every authenticated route counts against. */
  readonly everyRoute: readonly CompiledQuota[];

  constructor(
    private readonly options: SectionContext,
    input: Readonly<Record<string, QuotaOptions>> | undefined,
  ) {
    const byName = new Map<string, CompiledQuota>();
    if (input !== undefined) {
      if (typeof input !== 'object' || input === null) {
        throw optionError('read plans.quotas', 'it is not an object', "pass { <name>: { period: 'month' | 'day', limit? } }");
      }
      const keys = new NamedErrorKeys(options.catalogue, undefined, (name) => `${name}_quota_exceeded`, 'quota_exceeded', 'plans.quotas');
      for (const [name, quota] of Object.entries(input)) byName.set(name, compileQuota(name, quota, options, keys));
    }
    this.byName = byName;
    const everyRoute = [...byName.values()].filter((q) => q.everyRoute);
    this.everyRoute = everyRoute.length === 0 ? NO_QUOTAS : Object.freeze(everyRoute);
  }

  /** The quotas a route counts against: every-route ones plus those it names with `@Quota`. */
  forRoute(marked: readonly string[]): readonly CompiledQuota[] {
    if (marked.length === 0) return this.everyRoute;
    const quotas = [...this.everyRoute];
    for (const name of marked) {
      const quota = this.byName.get(name);
      if (quota === undefined) {
        throw optionError(`count @Quota('${name}')`, 'plans.quotas has no quota of that name', `configure plans.quotas.${name}, or correct the name`);
      }
      if (!quotas.includes(quota)) quotas.push(quota);
    }
    return Object.freeze(quotas);
  }

  /**
   * Counts one request against each quota in turn; throws the quota's catalogued error, with
   * `Retry-After` until the period resets, at the first one exhausted. Counters of quotas counted
   * before the exhausted one keep the hit (a refused request still used the API). With `queue`
   * (the request's batched store operations), the counts are queued and refused at its flush.
   * `onRefused` hears the refusal before it is thrown.
   */
  count(
    store: EdgeStore,
    quotas: readonly CompiledQuota[],
    plan: AccountPlan,
    principal: Principal,
    workspaceId: string | undefined,
    queue?: StoreOperationQueue,
    onRefused?: (error: Error) => void,
  ): void | Promise<void> {
    if (queue === undefined) return this.countEach(store, quotas, plan, principal, workspaceId, onRefused);
    for (const quota of quotas) {
      const limit = limitOf(quota, plan);
      if (limit === undefined) continue;
      const { key, msLeft } = this.counterOf(quota, principal, workspaceId);
      queue.add({ type: 'increment', key, ttlMs: msLeft, limit }, (result) => {
        if (!result.passed) throw this.exhausted(quota, msLeft, onRefused);
      });
    }
  }

  private async countEach(
    store: EdgeStore,
    quotas: readonly CompiledQuota[],
    plan: AccountPlan,
    principal: Principal,
    workspaceId: string | undefined,
    onRefused?: (error: Error) => void,
  ): Promise<void> {
    for (const quota of quotas) {
      const limit = limitOf(quota, plan);
      if (limit === undefined) continue;
      const { key, msLeft } = this.counterOf(quota, principal, workspaceId);
      const { count } = await store.increment(key, msLeft);
      if (count > limit) throw this.exhausted(quota, msLeft, onRefused);
    }
  }

  /** The quota's counter for this period and the milliseconds until the period ends. */
  private counterOf(quota: CompiledQuota, principal: Principal, workspaceId: string | undefined): { key: string; msLeft: number } {
    const now = this.options.clock();
    const window = quota.period.at(now);
    return { key: `q:${quota.name}:${subject(quota, principal, workspaceId)}:${window.id}`, msLeft: window.endsAt - now };
  }

  private exhausted(quota: CompiledQuota, msLeft: number, onRefused: ((error: Error) => void) | undefined): Error {
    const error = this.options.catalogue.error(quota.error, { retryAfter: Math.max(1, Math.ceil(msLeft / 1000)) });
    onRefused?.(error);
    return error;
  }
}

/** The plan's limit of `quota` (the plan's own value, else the configured one); `undefined`: not counted. */
function limitOf(quota: CompiledQuota, plan: AccountPlan): number | undefined {
  const planLimit = plan.quotas?.[quota.name];
  const limit = planLimit === undefined ? quota.limit : planLimit;
  return limit === null ? undefined : limit;
}

// Prefixed, so an account and a workspace with the same id never share a counter.
function subject(quota: CompiledQuota, principal: Principal, workspaceId: string | undefined): string {
  if (quota.per === 'key') return `k:${principal.id}`;
  if (quota.per === 'workspace' && workspaceId !== undefined) return `w:${workspaceId}`;
  return `a:${principal.accountId}`;
}

function compileQuota(name: string, quota: QuotaOptions, options: SectionContext, keys: NamedErrorKeys): CompiledQuota {
  const where = `plans.quotas.${name}`;
  if (!QUOTA_NAME.test(name)) {
    throw optionError(`use quota name "${name}"`, 'names are 1-64 letters, digits, "_", "." or "-" (they go into store keys)', 'rename it, e.g. "monthly_api_request"');
  }
  if (typeof quota !== 'object' || quota === null) {
    throw optionError(`read ${where}`, 'it is not an object', "pass { period: 'month' | 'day', limit? }");
  }
  if (quota.period !== 'month' && quota.period !== 'day') {
    throw optionError(`use ${where}.period "${String(quota.period)}"`, 'only calendar periods in UTC are supported', "pass 'month' or 'day' (use rateLimit for sliding windows)");
  }
  if (quota.limit !== undefined && !(Number.isSafeInteger(quota.limit) && quota.limit >= 0)) {
    throw optionError(`use ${where}.limit ${String(quota.limit)}`, 'it is not an integer >= 0', 'pass e.g. 10000, or leave it to the plan');
  }
  if (quota.routes !== undefined && quota.routes !== 'all' && quota.routes !== 'marked') {
    throw optionError(`use ${where}.routes "${String(quota.routes)}"`, 'it is not a route rule', `pass 'all' or 'marked' (routes marked @Quota('${name}'))`);
  }
  if (quota.per !== undefined && quota.per !== 'account' && quota.per !== 'key' && quota.per !== 'workspace') {
    throw optionError(`use ${where}.per "${String(quota.per)}"`, 'it is not a subject quotas count by', "pass 'account', 'key' or 'workspace'");
  }
  if (quota.error !== undefined && !options.catalogue.has(quota.error)) {
    throw optionError(`use ${where}.error "${quota.error}"`, 'the catalogue has no such key', 'add the entry to your catalogue, or correct the key');
  }
  return Object.freeze({
    name,
    period: new UtcPeriod(quota.period),
    limit: quota.limit,
    everyRoute: (quota.routes ?? 'all') === 'all',
    per: quota.per ?? 'account',
    error: quota.error ?? keys.keyFor(name),
  });
}
