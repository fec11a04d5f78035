import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ApiEdgeOptions, applyApiEdgeOpenApi, renderCatalogueDocs } from '../../lib/index.js';
import type { SampleProfile } from '../profiles/sample-profile.js';

/**
 * The sample's published contract: the OpenAPI document (swagger's, completed by the edge) and the
 * error catalogue page. Built at the first request, after `app.init()` compiled the route table,
 * then kept: neither changes while the app runs.
 */
export class SampleDocs {
  private app: INestApplication | undefined;
  private profile: SampleProfile | undefined;
  private built: OpenAPIObject | undefined;
  private page: string | undefined;

  /** Called by `setUpSampleApp` with the application the documents describe. */
  attach(app: INestApplication, profile: SampleProfile): void {
    this.app = app;
    this.profile = profile;
  }

  /** The OpenAPI document (`GET /openapi.json`, and what Swagger UI at `/docs` shows). */
  document(): OpenAPIObject {
    if (this.built === undefined) {
      const { app, profile } = this.attached();
      const config = new DocumentBuilder()
        .setTitle(`Sample messaging API (profile ${profile.name})`)
        .setDescription('The sample app of nest-api-edge. Error responses, security and edge headers are generated from the route table.')
        .setVersion('1.0.0')
        .build();
      this.built = applyApiEdgeOpenApi(SwaggerModule.createDocument(app, config), app);
      return this.built;
    }
    return this.built;
  }

  /** The error catalogue as an HTML page (`GET /docs/errors`). */
  errorsPage(): string {
    if (this.page === undefined) {
      const { app, profile } = this.attached();
      const options = app.get<ApiEdgeOptions>(ApiEdgeOptions);
      this.page = renderCatalogueDocs(options.catalogue, {
        format: 'html',
        title: `Error codes (profile ${profile.name})`,
        ...(options.docsBaseUrl === null ? {} : { docsBaseUrl: options.docsBaseUrl }),
      });
    }
    return this.page;
  }

  private attached(): { app: INestApplication; profile: SampleProfile } {
    if (this.app === undefined || this.profile === undefined) {
      throw new Error('Cannot build the sample docs because setUpSampleApp has not attached the app. Fix: call setUpSampleApp(app, profile) before app.init().');
    }
    return { app: this.app, profile: this.profile };
  }
}
