import { Controller, Inject, Param, Post } from '@nestjs/common';
import { AcceptCredentials, ApiEdgeOptions, CurrentPrincipal, type Principal, RaisesErrors } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { INVITATION_TTL_MS } from './teams.controller.js';

/** Team invitations accepted from the console (JWT only); mounted where the profile has `jwt`. */
@Controller('v1/invitations')
export class InvitationsController {
  constructor(
    private readonly data: SampleData,
    @Inject(ApiEdgeOptions) private readonly edge: ApiEdgeOptions,
  ) {}

  /**
   * Accepts an invitation, signed in (console JWT) as the invited address. Unknown, used and
   * expired (24 h) invitations are one error, so tokens cannot be probed.
   */
  @RaisesErrors('invite_invalid_or_expired', 'invite_email_mismatch', 'invite_duplicate_member')
  @Post(':token/accept')
  @AcceptCredentials('jwt')
  accept(@CurrentPrincipal() principal: Principal, @Param('token') token: string): { workspace: string; role: string } {
    const invitation = this.data.invitation(token);
    const workspace = invitation === undefined ? undefined : this.data.workspace(invitation.workspace);
    const expired = invitation !== undefined && this.edge.clock() - Date.parse(invitation.created_at) > INVITATION_TTL_MS;
    if (invitation === undefined || workspace === undefined || workspace.deleted === true || invitation.used === true || expired) {
      throw apiError('invite_invalid_or_expired', { param: 'token' });
    }
    const account = this.data.account(principal.accountId);
    if (account === undefined || account.email.toLowerCase() !== invitation.email.toLowerCase()) throw apiError('invite_email_mismatch');
    if (workspace.members.some((m) => m.account === account.id)) throw apiError('invite_duplicate_member');
    this.data.saveWorkspace({ ...workspace, members: [...workspace.members, { account: account.id, role: 'collaborator' }] });
    this.data.saveInvitation({ ...invitation, used: true });
    return { workspace: workspace.id, role: 'collaborator' };
  }
}
