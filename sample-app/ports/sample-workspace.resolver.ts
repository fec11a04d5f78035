import { Injectable } from '@nestjs/common';
import type { Principal, WorkspaceResolution, WorkspaceResolver } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';
import type { WorkspaceFixture } from '../data/fixtures.js';

/**
 * The library's workspace resolver port over the fixtures. Without a header, an account that has
 * a main workspace acts in it (and one whose main workspace is gone gets `no_main_workspace`);
 * other accounts act in their personal context.
 */
@Injectable()
export class SampleWorkspaceResolver implements WorkspaceResolver<WorkspaceFixture> {
  constructor(private readonly data: SampleData) {}

  /** Resolves the workspace named by the header (or the default one) for `principal`. */
  resolve(principal: Principal, workspaceId: string | undefined): WorkspaceResolution<WorkspaceFixture> {
    const id = workspaceId ?? principal.workspaceId ?? this.mainWorkspaceOf(principal.accountId);
    if (id === undefined) return { status: 'none' };
    if (id === null) return { status: 'no_main_workspace' };
    const workspace = this.data.workspace(id);
    if (workspace === undefined) return { status: 'not_found' };
    const member = workspace.members.find((m) => m.account === principal.accountId);
    if (member === undefined) return { status: 'other_tenant' };
    if (workspace.deleted === true) return { status: 'deleted' };
    return { status: 'found', id: workspace.id, role: member.role, workspace };
  }

  // undefined: the account has no notion of a main workspace; null: it had one, now gone.
  private mainWorkspaceOf(accountId: string): string | null | undefined {
    const main = this.data.account(accountId)?.main_workspace;
    if (main === undefined || main === null) return main;
    const workspace = this.data.workspace(main);
    return workspace === undefined || workspace.deleted === true ? null : main;
  }
}
