import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CurrentPrincipal, RequireFeature, RequireScopes, type Principal, RaisesErrors } from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import { SampleData } from '../data/sample-data.js';
import type { TemplateFixture } from '../data/fixtures.js';
import { apiError } from '../errors/sample-catalogue.js';
import { CreateTemplateDto } from './template.dto.js';
import { parseTemplate } from './template-renderer.js';

/** `/v1/templates`: message templates with placeholders. */
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly data: SampleData) {}

  /** Creates a template; a malformed placeholder is refused with one detail per fault. */
  @RaisesErrors('template_invalid')
  @Post()
  @HttpCode(201)
  @RequireScopes('templates:write')
  @RequireFeature('templates')
  create(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: CreateTemplateDto): TemplateFixture {
    const { violations } = parseTemplate(dto.body);
    if (violations.length > 0) throw apiError('template_invalid', { details: violations, param: 'body' });
    const template = { id: `tpl_${randomBytes(8).toString('hex')}`, account: accountOf(principal), body: dto.body };
    this.data.addTemplate(template);
    return template;
  }

  /** One template of the caller's account. */
  @RaisesErrors('template_not_found')
  @Get(':id')
  @RequireScopes('templates:read')
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): TemplateFixture {
    const template = this.data.template(accountOf(principal), id);
    if (template === undefined) throw apiError('template_not_found');
    return template;
  }
}
