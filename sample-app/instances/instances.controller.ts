import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiError, CurrentPrincipal, CurrentWorkspace, PlanLimit, RequireScopes, type Principal, RaisesErrors } from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import type { InstanceFixture, WorkspaceFixture } from '../data/fixtures.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { MessageProvider } from '../provider/message-provider.js';
import { CreateInstanceDto, TestMessageDto } from './instance.dto.js';

/**
 * `/v1/instances`: WhatsApp instances (connected phone sessions). In a team workspace, a
 * collaborator only reaches the instances assigned to them.
 */
@Controller('v1/instances')
export class InstancesController {
  constructor(
    private readonly data: SampleData,
    private readonly provider: MessageProvider,
  ) {}

  /** Connects a new instance, within the plan's `instances` limit. */
  @Post()
  @HttpCode(201)
  @RequireScopes('instances:write')
  @PlanLimit('instances')
  create(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: CreateInstanceDto): InstanceFixture & { name: string } {
    const instance = { id: `inst_${randomBytes(6).toString('hex')}`, account: accountOf(principal), session: 'starting' as const };
    this.data.addInstance(instance);
    return { ...instance, name: dto.name };
  }

  /** One instance. */
  @RaisesErrors('instance_not_found', 'instance_not_assigned')
  @Get(':instanceId')
  @RequireScopes('instances:read')
  get(
    @CurrentPrincipal() principal: Principal | undefined,
    @CurrentWorkspace() workspace: WorkspaceFixture | undefined,
    @Param('instanceId') instanceId: string,
  ): InstanceFixture {
    return this.find(principal, workspace, instanceId);
  }

  /**
   * Sends a test message from the instance. The session must be ready; a provider failure is
   * reported as the test failing (the magic numbers work here too).
   */
  @RaisesErrors('instance_not_found', 'instance_not_assigned', 'dependency_not_ready', 'test_message_failed')
  @Post(':instanceId/test-message')
  @HttpCode(201)
  @RequireScopes('messages:write')
  async testMessage(
    @CurrentPrincipal() principal: Principal | undefined,
    @CurrentWorkspace() workspace: WorkspaceFixture | undefined,
    @Param('instanceId') instanceId: string,
    @Body() dto: TestMessageDto,
  ): Promise<{ instance_id: string; to: string; status: 'sent' }> {
    const instance = this.find(principal, workspace, instanceId);
    if (instance.session === 'starting') throw apiError('dependency_not_ready', { message: 'The WhatsApp session is starting or not ready yet.' });
    try {
      await this.provider.send({ to: dto.to, text: 'Test message', mediaUrl: null });
    } catch (error) {
      throw error instanceof ApiError ? apiError('test_message_failed', { cause: error }) : error;
    }
    return { instance_id: instance.id, to: dto.to, status: 'sent' };
  }

  // The instance as the caller may see it: in a team workspace, the team's instance (and for a
  // collaborator only an assigned one); else the caller's own. Anything else does not exist.
  private find(principal: Principal | undefined, workspace: WorkspaceFixture | undefined, instanceId: string): InstanceFixture {
    if (workspace === undefined) {
      const own = this.data.instance(accountOf(principal), instanceId);
      if (own === undefined) throw apiError('instance_not_found', { param: 'instanceId' });
      return own;
    }
    const instance = this.data.instance(workspace.owner, instanceId);
    if (instance === undefined || instance.workspace !== workspace.id) throw apiError('instance_not_found', { param: 'instanceId' });
    const member = workspace.members.find((m) => m.account === principal?.accountId);
    if (member?.role === 'collaborator' && !(member.instances ?? []).includes(instance.id)) {
      throw apiError('instance_not_assigned', { param: 'instanceId' });
    }
    return instance;
  }
}
