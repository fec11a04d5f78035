import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CurrentPrincipal, PlanLimit, RequireScopeLevel, RequireScopes, type Principal, RaisesErrors } from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import type { ContactFixture } from '../data/fixtures.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { CreateContactDto, CreateGroupDto, PhoneDto } from './contact.dto.js';

/**
 * Contacts, contact groups, opt-outs (a recipient replied STOP) and the organization's
 * do-not-contact list. Plan limits and the organization-only DNC list are the edge's checks.
 */
@Controller('v1')
export class ContactsController {
  constructor(private readonly data: SampleData) {}

  /** Adds a contact; a phone already in the account is a conflict. */
  @RaisesErrors('conflict')
  @Post('contacts')
  @HttpCode(201)
  @RequireScopes('contacts:write')
  create(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: CreateContactDto): ContactFixture {
    const account = accountOf(principal);
    if (this.data.contactByPhone(account, dto.phone) !== undefined) {
      throw apiError('conflict', { param: 'phone', message: `A contact with phone ${dto.phone} already exists.` });
    }
    const contact = { id: `ct_${randomBytes(8).toString('hex')}`, account, phone: dto.phone, ...(dto.name ? { name: dto.name } : {}) };
    this.data.contacts.push(contact);
    return contact;
  }

  /** One contact of the caller's account. */
  @RaisesErrors('contact_not_found')
  @Get('contacts/:id')
  @RequireScopes('contacts:read')
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): ContactFixture {
    const contact = this.data.contacts.find((c) => c.id === id && c.account === accountOf(principal));
    if (contact === undefined) throw apiError('contact_not_found', { param: 'id' });
    return contact;
  }

  /** Creates a contact group, within the plan's `contact_groups` limit. */
  @Post('contact-groups')
  @HttpCode(201)
  @RequireScopes('contacts:write')
  @PlanLimit('contact_groups')
  createGroup(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: CreateGroupDto): { id: string; name: string } {
    this.data.bump(accountOf(principal), 'contact_groups');
    return { id: `grp_${randomBytes(8).toString('hex')}`, name: dto.name };
  }

  /** Records an opt-out (as if the recipient replied STOP). */
  @Post('opt-outs')
  @HttpCode(201)
  @RequireScopes('contacts:write')
  optOut(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: PhoneDto): { phone: string; opted_out: true } {
    this.upsert(accountOf(principal), dto.phone).opted_out = true;
    return { phone: dto.phone, opted_out: true };
  }

  /** The organization's do-not-contact list: organization keys only. */
  @Get('dnc')
  @RequireScopeLevel('organization')
  dnc(@CurrentPrincipal() principal: Principal | undefined): { data: string[] } {
    const account = accountOf(principal);
    return { data: this.data.contacts.filter((c) => c.account === account && c.dnc === true).map((c) => c.phone) };
  }

  /** Adds a number to the do-not-contact list: organization keys only. */
  @Post('dnc')
  @HttpCode(201)
  @RequireScopeLevel('organization')
  addDnc(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: PhoneDto): { phone: string; dnc: true } {
    this.upsert(accountOf(principal), dto.phone).dnc = true;
    return { phone: dto.phone, dnc: true };
  }

  // Fixtures are read-only by type; the in-memory table is the one place that flips these flags.
  private upsert(account: string, phone: string): { opted_out?: boolean; dnc?: boolean } {
    const existing = this.data.contactByPhone(account, phone);
    if (existing !== undefined) return existing as { opted_out?: boolean; dnc?: boolean };
    const created: ContactFixture & { opted_out?: boolean; dnc?: boolean } = { id: `ct_${randomBytes(8).toString('hex')}`, account, phone };
    this.data.contacts.push(created);
    return created;
  }
}
