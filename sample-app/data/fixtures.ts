/**
 * The JSON format of sample-app/fixtures/*.json (documented in sample-app/README.md). Everything
 * the sample API knows at start comes from one such file; nothing is persisted.
 */
export interface SampleFixtures {
  /** Plans by id. */
  readonly plans: Readonly<Record<string, PlanFixture>>;
  readonly accounts: readonly AccountFixture[];
  readonly keys: readonly KeyFixture[];
  readonly workspaces: readonly WorkspaceFixture[];
  readonly instances: readonly InstanceFixture[];
  readonly lines: readonly LineFixture[];
  readonly contacts: readonly ContactFixture[];
  readonly templates: readonly TemplateFixture[];
  readonly invitations: readonly InvitationFixture[];
}

/** A plan: features on it, counted limits, request quotas. */
export interface PlanFixture {
  /** Feature names, e.g. `webhooks`, `campaigns`, `api_keys`, `statuses`, `teams`. */
  readonly features: readonly string[];
  /** Most resources of each kind, e.g. `{ "instances": 1, "teams": 0, "seats": 3 }`; absent = unlimited. */
  readonly limits: Readonly<Record<string, number>>;
  /** Requests per period by quota name, e.g. `{ "monthly_api_request": 1000 }`. */
  readonly quotas?: Readonly<Record<string, number>>;
  /** Price of one message, in the account's currency (for balance checks). */
  readonly message_cost: number;
}

/** A user or organization account. */
export interface AccountFixture {
  readonly id: string;
  readonly email: string;
  /** scrypt of the password (`{ salt, hash }`, hex); plaintexts are in the README. */
  readonly password?: { readonly salt: string; readonly hash: string };
  /** False = suspended (USER_NOT_ACTIVE and friends). Default true. */
  readonly active?: boolean;
  readonly plan: string;
  /** Default true. */
  readonly subscription_active?: boolean;
  /** Wallet or credit balance. Default 0. */
  readonly balance?: number;
  /** Pay-as-you-go: whether sends beyond the plan charge the wallet, and the spending cap. */
  readonly payg?: { readonly enabled: boolean; readonly limit: number; readonly spent: number };
  /** SMS set-up: `ready`, `none` (NO_SMS_ACCESS) or `incomplete` (CONFIG_ERROR). Default `ready`. */
  readonly sms?: 'ready' | 'none' | 'incomplete';
  /** Approved for messaging (APPROVAL_REQUIRED when false). Default true. */
  readonly approved?: boolean;
  /** Sandbox state: activated, and the paired phone it may send to. */
  readonly sandbox?: { readonly activated: boolean; readonly paired_number: string };
  /** The account's main workspace id; null = none left (NO_MAIN_WORKSPACE). */
  readonly main_workspace?: string | null;
  /** Resources already counted against the plan, e.g. `{ "instances": 1 }`. */
  readonly usage?: Readonly<Record<string, number>>;
}

/** An API key. Give `key` (hashed with SHA-256 at load, then dropped) or its `sha256`. */
export interface KeyFixture {
  readonly id: string;
  readonly account: string;
  readonly key?: string;
  readonly sha256?: string;
  /** Default `active`. */
  readonly status?: 'active' | 'inactive' | 'revoked' | 'deleted';
  /** ISO date; absent = never. */
  readonly expires_at?: string;
  readonly kind?: 'personal' | 'team' | 'organization';
  /** Default `["*"]`. */
  readonly scopes?: readonly string[];
  readonly scope_level?: string;
  /** For team keys. */
  readonly workspace?: string;
  readonly allowed_ips?: readonly string[];
  readonly signing_secrets?: readonly string[];
  readonly require_signature?: boolean;
  /** Resources the key is bound to, e.g. `{ "line": ["ln_main"] }`. */
  readonly bound?: Readonly<Record<string, readonly string[]>>;
}

/** A team / workspace and its members. */
export interface WorkspaceFixture {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  /** Soft-deleted (WORKSPACE_NOT_AVAILABLE). */
  readonly deleted?: boolean;
  readonly members: readonly {
    readonly account: string;
    /** `owner`, `admin` or `collaborator`. */
    readonly role: string;
    /** For collaborators: the instances assigned to them. */
    readonly instances?: readonly string[];
  }[];
}

/** A WhatsApp instance (a connected phone session). */
export interface InstanceFixture {
  readonly id: string;
  readonly account: string;
  readonly workspace?: string;
  /** `ready` or `starting` (session_not_ready). Default `ready`. */
  readonly session?: 'ready' | 'starting';
}

/** A phone line, with its chats and outbox. */
export interface LineFixture {
  readonly id: string;
  readonly account: string;
  readonly sandbox?: boolean;
  readonly chats: readonly { readonly id: string; readonly contact: string }[];
  readonly outbox: readonly { readonly id: string; readonly to: string; readonly status: string }[];
}

/** A contact, with its opt-out and do-not-contact flags. */
export interface ContactFixture {
  readonly id: string;
  readonly account: string;
  readonly phone: string;
  readonly name?: string;
  readonly opted_out?: boolean;
  readonly dnc?: boolean;
}

/** A message template with `{{placeholders}}`. */
export interface TemplateFixture {
  readonly id: string;
  readonly account: string;
  readonly body: string;
}

/** A team invitation. */
export interface InvitationFixture {
  readonly token: string;
  readonly workspace: string;
  readonly email: string;
  /** ISO date; invitations expire 24 h later. */
  readonly created_at: string;
  readonly used?: boolean;
}
