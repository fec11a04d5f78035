import { Catch, Inject, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServerResponse } from 'node:http';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ensureRequestId } from '../context/request-id.js';
import type { ResolvedError } from '../envelopes/envelope.js';
import { ApiError } from '../errors/api-error.js';
import type { CatalogueEntry } from '../errors/catalogue-entry.js';
import { normalizeError } from '../errors/normalize-error.js';
import { matchValidationRule } from '../errors/validation-rule.js';
import { localizeEntry } from '../errors/message-locale.js';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const EMPTY_DETAILS: readonly unknown[] = Object.freeze([]);
const EMPTY_EXTRA: Readonly<Record<string, unknown>> = Object.freeze({});

interface HttpRequestLike {
  headers?: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
  originalUrl?: string;
}
interface HttpResponseLike {
  headersSent?: boolean;
  getHeader?(name: string): unknown;
  end?(): void;
}

/**
 * Turns anything thrown into a catalogued error in the configured envelope: our `ApiError`s,
 * Nest's HTTP exceptions, body-parser errors, `ValidationPipe` and throttler failures, and unknown
 * errors (a generic 500 whose cause goes to the log with the request id, never to the client).
 *
 * Registered globally by `ApiEdgeModule` (opt out with `globalFilter: false` and register it
 * yourself). Protected hooks let a subclass change logging or resolution.
 */
@Catch()
@Injectable()
export class ApiEdgeExceptionFilter implements ExceptionFilter {
  /** The logger unexpected errors go to (context `ApiEdge`). */
  protected readonly logger = new Logger('ApiEdge');

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    protected readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Nest entry point. */
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const response = http.getResponse<HttpResponseLike>();
    const requestId = ensureRequestId(request, response, this.options.requestId);
    const normalized = normalizeError(exception);
    const entry = this.resolveEntry(this.refineKey(normalized.key, normalized.options.details), exception);

    if (entry.status >= 500 && this.options.logUnexpectedErrors) {
      this.logFailure(exception, request, requestId, entry);
    }
    if (response.headersSent) {
      // The handler already streamed part of a response; all we can do is close it.
      response.end?.();
      return;
    }

    const occurrence = normalized.options;
    const retryAfter = occurrence.retryAfter ?? this.existingRetryAfter(response) ?? entry.retryAfter ?? null;
    // A 5xx never carries a thrower's message: it could hold internal detail.
    const ownMessage = entry.status >= 500 && normalized.unexpected ? undefined : occurrence.message;
    const localized = this.localize(entry, ownMessage, request);
    const resolved: ResolvedError = {
      entry: localized.entry,
      message: ownMessage ?? localized.entry.message,
      details: occurrence.details ?? EMPTY_DETAILS,
      extra: occurrence.extra ?? EMPTY_EXTRA,
      param: occurrence.param ?? null,
      requestId,
      docsUrl: this.options.docsBaseUrl === null ? null : `${this.options.docsBaseUrl}#${entry.docs}`,
      instance: pathOf(request),
      retryAfter,
      locale: localized.locale,
    };
    const output = this.options.envelope(resolved);

    // Express (and any platform whose response is Node's) gets the bytes directly: an error needs
    // none of Express's res.json work (an ETag hash of the body, freshness checks), which makes
    // this path cheaper than Nest's own exception path. Other platforms go through the adapter.
    const direct = response instanceof ServerResponse ? response : null;
    const adapter = this.adapterHost.httpAdapter;
    const set = (name: string, value: string) => (direct ? direct.setHeader(name, value) : adapter.setHeader(response, name, value));
    if (occurrence.headers) for (const name in occurrence.headers) set(name, occurrence.headers[name] as string);
    if (output.headers) for (const name in output.headers) set(name, output.headers[name] as string);
    if (retryAfter !== null) set('Retry-After', String(retryAfter));
    // An envelope's own media type goes out as given (RFC 9457 defines no charset parameter).
    set('Content-Type', output.contentType ?? JSON_CONTENT_TYPE);
    set('Cache-Control', 'no-store');
    set('Content-Language', localized.locale);
    if (direct === null) {
      adapter.reply(response, output.body, output.status);
      return;
    }
    const payload = JSON.stringify(output.body);
    direct.statusCode = output.status;
    direct.setHeader('Content-Length', Buffer.byteLength(payload));
    direct.end(payload);
  }

  /**
   * The entry of `key` in the app's catalogue. An `ApiError` raised from another catalogue with a
   * key this one lacks keeps its own entry.
   */
  protected resolveEntry(key: string, exception: unknown): CatalogueEntry {
    return (
      this.options.catalogue.find(key) ??
      (exception instanceof ApiError ? exception.entry : this.options.catalogue.get('internal_error'))
    );
  }

  /**
   * The entry in the client's language (`Accept-Language`, `i18n` option). Only catalogue
   * messages are translated: with a thrower's own message the entry stays in the default locale.
   */
  protected localize(entry: CatalogueEntry, ownMessage: string | undefined, request: HttpRequestLike): { readonly entry: CatalogueEntry; readonly locale: string } {
    if (ownMessage !== undefined) return { entry, locale: this.options.i18n.defaultLocale };
    return localizeEntry(entry, request.headers?.['accept-language'], this.options.i18n);
  }

  /** Applies the `validation.rules` option to a `validation_failed` error. */
  protected refineKey(key: string, details: readonly unknown[] | undefined): string {
    if (key !== 'validation_failed' || details === undefined || this.options.validationRules.length === 0) return key;
    return matchValidationRule(this.options.validationRules, details) ?? key;
  }

  /** Logs a 5xx with its cause and the request id. Override to route elsewhere. */
  protected logFailure(exception: unknown, request: HttpRequestLike, requestId: string, entry: CatalogueEntry): void {
    const cause = exception instanceof ApiError && exception.cause !== undefined ? exception.cause : exception;
    const stack = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
    this.logger.error(`${request.method ?? ''} ${pathOf(request)} → ${entry.status} ${entry.code} [request ${requestId}]`, stack);
  }

  // @nestjs/throttler sets Retry-After itself before throwing; keep its value.
  private existingRetryAfter(response: HttpResponseLike): number | undefined {
    const value = response.getHeader?.('Retry-After');
    if (value === undefined) return undefined;
    const seconds = Number(value);
    return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
  }
}

// The path without the query string: a query may carry secrets and has no place in an error.
function pathOf(request: HttpRequestLike): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
