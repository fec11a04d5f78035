import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, SkipRateLimit, StayOpen } from '../../lib/index.js';
import { SampleDocs } from './sample-docs.js';

/**
 * `GET /openapi.json` (the OpenAPI document) and `GET /docs/errors` (the error catalogue page):
 * public, not rate limited, open in maintenance (the docs explain the 503). Swagger UI itself is
 * mounted at `/docs` by `setUpSampleApp`.
 */
@ApiExcludeController()
@Controller()
@Public()
@StayOpen()
@SkipRateLimit()
export class DocsController {
  constructor(private readonly docs: SampleDocs) {}

  /** The OpenAPI 3 document of this profile. */
  @Get('openapi.json')
  openapi(): object {
    return this.docs.document();
  }

  /** Every wire code of this profile, with status, retry advice and what to do. */
  @Get('docs/errors')
  @Header('Content-Type', 'text/html; charset=utf-8')
  errors(): string {
    return this.docs.errorsPage();
  }
}
