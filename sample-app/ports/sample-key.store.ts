import { Injectable } from '@nestjs/common';
import type { ApiKeyRecord, ApiKeyStore } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';

/** The library's key store port over the fixtures: a lookup by SHA-256, nothing else. */
@Injectable()
export class SampleKeyStore implements ApiKeyStore {
  constructor(private readonly data: SampleData) {}

  /** The key record with this hash, in every state (so callers get the precise error). */
  findByHash(sha256Hex: string): ApiKeyRecord | null {
    const key = this.data.keyByHash(sha256Hex);
    if (key === undefined) return null;
    const account = this.data.account(key.account);
    return {
      id: key.id,
      hash: key.sha256,
      accountId: key.account,
      status: key.status ?? 'active',
      ...(key.expires_at === undefined ? {} : { expiresAt: key.expires_at }),
      // A key whose account vanished from the fixtures is refused like a suspended account's.
      accountActive: account !== undefined && account.active !== false,
      ...(key.kind === undefined ? {} : { kind: key.kind }),
      scopes: key.scopes ?? ['*'],
      ...(key.scope_level === undefined ? {} : { scopeLevel: key.scope_level }),
      ...(key.workspace === undefined ? {} : { workspaceId: key.workspace }),
      ...(key.allowed_ips === undefined ? {} : { allowedIps: key.allowed_ips }),
      ...(key.signing_secrets === undefined ? {} : { signingSecrets: key.signing_secrets }),
      ...(key.require_signature === undefined ? {} : { requireSignature: key.require_signature }),
      ...(key.bound === undefined ? {} : { boundResources: key.bound }),
      ...(account === undefined ? {} : { plan: account.plan }),
    };
  }
}
