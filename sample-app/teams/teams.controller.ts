import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  ApiEdgeOptions,
  CurrentPrincipal,
  CurrentWorkspace,
  PersonalKeyOnly,
  PlanLimit,
  RequireFeature,
  RequireRole,
  RequireScopes,
  RequireWorkspace,
  mintApiKey,
  type KeyKind,
  type Principal,
} from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import type { InvitationFixture, WorkspaceFixture } from '../data/fixtures.js';
import { SampleData } from '../data/sample-data.js';
import { CreateApiKeyDto, CreateTeamDto, InviteDto } from './team.dto.js';

/** How long an invitation can be accepted. */
export const INVITATION_TTL_MS = 24 * 3600 * 1000;

/**
 * Teams (workspaces), invitations and API keys. Feature, limit, role and key-kind checks are the
 * edge's decorators; the handlers check what only the domain knows (an invitation's state).
 */
@Controller('v1')
export class TeamsController {
  constructor(
    private readonly data: SampleData,
    @Inject(ApiEdgeOptions) private readonly edge: ApiEdgeOptions,
  ) {}

  /** Creates a team owned by the caller (personal keys only; the plan must include teams). */
  @Post('teams')
  @HttpCode(201)
  @PersonalKeyOnly()
  @RequireFeature('teams')
  @PlanLimit('teams')
  createTeam(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: CreateTeamDto): WorkspaceFixture {
    const owner = accountOf(principal);
    const team = { id: this.data.nextWorkspaceId(), owner, name: dto.name, members: [{ account: owner, role: 'owner' }] };
    this.data.saveWorkspace(team);
    return team;
  }

  /** The team of the request's `X-Team-Id` / workspace header, with its members. */
  @Get('team')
  @RequireWorkspace()
  team(@CurrentWorkspace() workspace: WorkspaceFixture): WorkspaceFixture {
    return workspace;
  }

  /** Invites someone to the current team (owners and admins; within the plan's seats). */
  @Post('team/invitations')
  @HttpCode(201)
  @RequireWorkspace()
  @RequireRole('owner', 'admin')
  @PlanLimit('seats')
  invite(@CurrentWorkspace() workspace: WorkspaceFixture, @Body() dto: InviteDto): InvitationFixture {
    const invitation = {
      token: `inv_${randomBytes(12).toString('hex')}`,
      workspace: workspace.id,
      email: dto.email,
      created_at: new Date(this.edge.clock()).toISOString(),
    };
    this.data.saveInvitation(invitation);
    return invitation;
  }

  /**
   * Creates an API key: a team key in a team workspace (owners and admins), else a personal one.
   * The key is shown once; only its hash is kept.
   */
  @Post('api-keys')
  @HttpCode(201)
  @RequireScopes('keys:write')
  @RequireFeature('api_keys')
  @PlanLimit('api_keys')
  @RequireRole('owner', 'admin')
  createKey(
    @CurrentPrincipal() principal: Principal | undefined,
    @CurrentWorkspace() workspace: WorkspaceFixture | undefined,
    @Body() dto: CreateApiKeyDto,
  ): { id: string; name: string; key: string; kind: KeyKind; workspace: string | null } {
    const kind: KeyKind = workspace === undefined ? 'personal' : 'team';
    const { key, hash } = mintApiKey({ prefix: this.prefixFor(kind) });
    const id = `key_${randomBytes(6).toString('hex')}`;
    const account = workspace?.owner ?? accountOf(principal);
    this.data.addKey({ id, account, sha256: hash, kind, scopes: dto.scopes ?? ['*'], ...(workspace ? { workspace: workspace.id } : {}) });
    return { id, name: dto.name, key, kind, workspace: workspace?.id ?? null };
  }

  // New keys follow the running configuration's key formats, so they authenticate at once.
  private prefixFor(kind: KeyKind): string {
    const prefixes = this.edge.apiKeys?.prefixes ?? [];
    return (prefixes.find((f) => f.kind === kind) ?? prefixes[0])?.prefix ?? 'sk_';
  }
}
