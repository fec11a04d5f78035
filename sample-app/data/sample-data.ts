import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OptionsConfigurationError } from '../../lib/index.js';
import type {
  AccountFixture,
  ContactFixture,
  InstanceFixture,
  InvitationFixture,
  KeyFixture,
  LineFixture,
  PlanFixture,
  SampleFixtures,
  TemplateFixture,
  WorkspaceFixture,
} from './fixtures.js';

/** Where the default fixtures live, relative to the working directory (`npm start` runs at the root). */
export const DEFAULT_FIXTURES_PATH = 'sample-app/fixtures/default.json';

/** Injection token of the loaded {@link SampleData}. */
export const SAMPLE_DATA = Symbol('SampleData');

/** Reads and parses a fixtures file; a missing or malformed file fails the start with the fix. */
export function readFixtures(path: string = DEFAULT_FIXTURES_PATH): SampleFixtures {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new OptionsConfigurationError(
      `Cannot load fixtures from ${absolute} because ${(error as Error).message}. Fix: point SAMPLE_FIXTURES at a JSON file in the format of sample-app/README.md, or unset it.`,
    );
  }
  try {
    return JSON.parse(text) as SampleFixtures;
  } catch (error) {
    throw new OptionsConfigurationError(`Cannot load fixtures from ${absolute} because it is not JSON (${(error as Error).message}). Fix: correct the file.`);
  }
}

/** SHA-256 in hex, as key stores keep API keys. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A stored API key: the fixture with its hash, never the plaintext. */
export type StoredKey = Omit<KeyFixture, 'key' | 'sha256'> & { readonly sha256: string };

/**
 * The sample app's whole "database", in memory, built from fixtures. Lookups are by id; every
 * read of a tenant's resource takes the account, so cross-tenant reads come back empty.
 */
export class SampleData {
  readonly plans: ReadonlyMap<string, PlanFixture>;
  private readonly accounts = new Map<string, AccountFixture>();
  private readonly keysByHash = new Map<string, StoredKey>();
  private readonly workspaces = new Map<string, WorkspaceFixture>();
  private readonly instances = new Map<string, InstanceFixture>();
  private readonly lines = new Map<string, LineFixture>();
  private readonly templates = new Map<string, TemplateFixture>();
  private readonly invitations = new Map<string, InvitationFixture>();
  readonly contacts: ContactFixture[];
  /** Resources created since start, by `account:resource` (added to the fixture usage). */
  private readonly created = new Map<string, number>();

  constructor(fixtures: SampleFixtures) {
    this.plans = new Map(Object.entries(fixtures.plans ?? {}));
    for (const account of fixtures.accounts ?? []) {
      this.require(this.plans.has(account.plan), `account ${account.id} names plan "${account.plan}", which does not exist`, 'add the plan under "plans"');
      this.accounts.set(account.id, account);
    }
    for (const key of fixtures.keys ?? []) {
      this.require(this.accounts.has(key.account), `key ${key.id} names account "${key.account}", which does not exist`, 'add the account under "accounts"');
      const hash = key.sha256 ?? (key.key === undefined ? undefined : sha256Hex(key.key));
      this.require(hash !== undefined && /^[0-9a-f]{64}$/.test(hash), `key ${key.id} has neither "key" nor a 64-digit hex "sha256"`, 'give one of them');
      // The plaintext is dropped here: only the hash stays in memory.
      const { key: _plaintext, sha256: _given, ...rest } = key;
      this.keysByHash.set(hash as string, { ...rest, sha256: hash as string });
    }
    for (const workspace of fixtures.workspaces ?? []) this.workspaces.set(workspace.id, workspace);
    for (const instance of fixtures.instances ?? []) this.instances.set(instance.id, instance);
    for (const line of fixtures.lines ?? []) this.lines.set(line.id, line);
    for (const template of fixtures.templates ?? []) this.templates.set(template.id, template);
    for (const invitation of fixtures.invitations ?? []) this.invitations.set(invitation.token, invitation);
    this.contacts = [...(fixtures.contacts ?? [])];
  }

  /** The account `id`. */
  account(id: string): AccountFixture | undefined {
    return this.accounts.get(id);
  }

  /** The account with `email` (case-insensitive). */
  accountByEmail(email: string): AccountFixture | undefined {
    const wanted = email.toLowerCase();
    for (const account of this.accounts.values()) if (account.email.toLowerCase() === wanted) return account;
    return undefined;
  }

  /** The plan of account `id`. */
  planOf(accountId: string): PlanFixture | undefined {
    const account = this.accounts.get(accountId);
    return account === undefined ? undefined : this.plans.get(account.plan);
  }

  /** The key with this SHA-256. */
  keyByHash(hash: string): StoredKey | undefined {
    return this.keysByHash.get(hash);
  }

  /** Adds a key (already hashed). */
  addKey(key: StoredKey): void {
    this.keysByHash.set(key.sha256, key);
  }

  /** How many live keys `accountId` has. */
  keyCount(accountId: string): number {
    let count = 0;
    for (const key of this.keysByHash.values()) if (key.account === accountId && (key.status ?? 'active') === 'active') count++;
    return count;
  }

  /** The workspace `id`, deleted ones included. */
  workspace(id: string): WorkspaceFixture | undefined {
    return this.workspaces.get(id);
  }

  /** Workspaces owned by `accountId` and not deleted. */
  ownedWorkspaces(accountId: string): WorkspaceFixture[] {
    return [...this.workspaces.values()].filter((w) => w.owner === accountId && w.deleted !== true);
  }

  /**
   * A fresh workspace id: one more than the highest numeric id so far, so ids stay positive
   * integers (seed 002's `X-Workspace-ID` format) and never collide.
   */
  nextWorkspaceId(): string {
    let max = 0;
    for (const id of this.workspaces.keys()) max = Math.max(max, Number(id) || 0);
    return String(max + 1);
  }

  /** Adds or replaces a workspace. */
  saveWorkspace(workspace: WorkspaceFixture): void {
    this.workspaces.set(workspace.id, workspace);
  }

  /** The instance `id` of `accountId`. */
  instance(accountId: string, id: string): InstanceFixture | undefined {
    const instance = this.instances.get(id);
    return instance?.account === accountId ? instance : undefined;
  }

  /** Instances of `accountId`. */
  instanceCount(accountId: string): number {
    let count = 0;
    for (const instance of this.instances.values()) if (instance.account === accountId) count++;
    return count;
  }

  /** Adds an instance. */
  addInstance(instance: InstanceFixture): void {
    this.instances.set(instance.id, instance);
  }

  /** The line `id` of `accountId`. */
  line(accountId: string, id: string): LineFixture | undefined {
    const line = this.lines.get(id);
    return line?.account === accountId ? line : undefined;
  }

  /** The template `id` of `accountId`. */
  template(accountId: string, id: string): TemplateFixture | undefined {
    const template = this.templates.get(id);
    return template?.account === accountId ? template : undefined;
  }

  /** Adds a template. */
  addTemplate(template: TemplateFixture): void {
    this.templates.set(template.id, template);
  }

  /** The contact of `accountId` with `phone`. */
  contactByPhone(accountId: string, phone: string): ContactFixture | undefined {
    return this.contacts.find((c) => c.account === accountId && c.phone === phone);
  }

  /** The invitation `token`. */
  invitation(token: string): InvitationFixture | undefined {
    return this.invitations.get(token);
  }

  /** Adds or replaces an invitation. */
  saveInvitation(invitation: InvitationFixture): void {
    this.invitations.set(invitation.token, invitation);
  }

  /** How many `resource` the account has: the fixture's usage plus what was created since. */
  usage(accountId: string, resource: string): number {
    return (this.accounts.get(accountId)?.usage?.[resource] ?? 0) + (this.created.get(`${accountId}:${resource}`) ?? 0);
  }

  /** Counts one more `resource` for the account. */
  bump(accountId: string, resource: string): void {
    const key = `${accountId}:${resource}`;
    this.created.set(key, (this.created.get(key) ?? 0) + 1);
  }

  private require(ok: boolean, because: string, fix: string): void {
    if (!ok) throw new OptionsConfigurationError(`Cannot load fixtures because ${because}. Fix: ${fix}.`);
  }
}
