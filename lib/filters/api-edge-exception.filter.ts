import { Catch, Inject, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ensureRequestId } from '../context/request-id.js';
import type { ResolvedError } from '../envelopes/envelope.js';
import { ApiError } from '../errors/api-error.js';
import type { CatalogueEntry } from '../errors/catalogue-entry.js';
import { normalizeError } from '../errors/normalize-error.js';
import { matchValidationRule } from '../errors/validation-rule.js';
import { localizeEntry } from '../errors/message-locale.js';
import { EdgeHttp, type ResponseHeaderValue } from '../http/edge-http.js';
import { IdempotentReplay } from '../interceptors/idempotent-replay.js';
import { graphqlHttpOf } from '../graphql/graphql-http.js';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const EMPTY_DETAILS: readonly unknown[] = Object.freeze([]);
const EMPTY_EXTRA: Readonly<Record<string, unknown>> = Object.freeze({});

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
    @Inject(EdgeHttp) protected readonly http: EdgeHttp,
  ) {}

  /**
   * Nest entry point. Over HTTP it writes the response; for a GraphQL operation it returns the
   * GraphQL error the resolver fails with (Nest hands a filter's return value to the driver).
   */
  catch(exception: unknown, host: ArgumentsHost): unknown {
    const type = host.getType<string>();
    if (type === 'graphql') return this.graphqlError(exception, host);
    if (type !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<object>();
    const response = ctx.getResponse<object>();
    const requestId = ensureRequestId(this.http, request, response, this.options.requestId);
    if (exception instanceof IdempotentReplay) {
      this.http.send(response, exception.status, exception.headers, exception.body);
      return undefined;
    }
    const answer = this.render(exception, request, response, requestId);
    if (this.http.headersSent(response)) {
      // The handler already streamed part of a response; all we can do is close it.
      this.http.end(response);
      return undefined;
    }
    const headers = answer.headers;
    // An envelope's own media type goes out as given (RFC 9457 defines no charset parameter).
    headers['Content-Type'] = answer.output.contentType ?? JSON_CONTENT_TYPE;
    headers['Cache-Control'] = 'no-store';
    // An error body is JSON whatever a browser guesses (OWASP's header for API responses).
    headers['X-Content-Type-Options'] = 'nosniff';
    // The bytes are final: no serializer, no ETag hashing of an error body.
    this.http.send(response, answer.output.status, headers, JSON.stringify(answer.output.body));
    return undefined;
  }

  /**
   * A refusal of a GraphQL operation: an error whose `extensions` carry the catalogued `code`, the
   * HTTP `status` the error has over REST and the envelope `body`, so clients branch on the same
   * codes as everywhere else. The response headers (request id, Retry-After, RateLimit) go on the
   * HTTP response of the operation. The error has no stack frames: the driver may print them.
   */
  protected graphqlError(exception: unknown, host: ArgumentsHost): Error {
    const http = graphqlHttpOf(host);
    const request = http?.request ?? {};
    const requestId = http === undefined ? this.options.requestId.generate() : ensureRequestId(this.http, http.request, http.response, this.options.requestId);
    const answer = this.render(exception, request, http?.response, requestId);
    if (http !== undefined && !this.http.headersSent(http.response)) {
      for (const name in answer.headers) this.http.setHeader(http.response, name, String(answer.headers[name]));
    }
    const error = new Error(answer.message);
    error.name = 'ApiEdgeGraphQLError';
    error.stack = `${error.name}: ${answer.message}`;
    return Object.assign(error, {
      extensions: { code: answer.entry.code, status: answer.output.status, body: answer.output.body },
    });
  }

  /** The envelope of `exception` and the headers that go with it (logged first when it is a 5xx). */
  private render(exception: unknown, request: object, response: object | undefined, requestId: string) {
    const normalized = normalizeError(exception);
    const entry = this.resolveEntry(this.refineKey(normalized.key, normalized.options.details), exception);
    if (entry.status >= 500 && this.options.logUnexpectedErrors) this.logFailure(exception, request, requestId, entry);

    const occurrence = normalized.options;
    const retryAfter = occurrence.retryAfter ?? (response === undefined ? undefined : this.existingRetryAfter(response)) ?? entry.retryAfter ?? null;
    // A 5xx never carries a thrower's message: it could hold internal detail.
    const ownMessage = entry.status >= 500 && normalized.unexpected ? undefined : occurrence.message;
    const localized = this.localize(entry, ownMessage, request);
    const message = ownMessage ?? localized.entry.message;
    const resolved: ResolvedError = {
      entry: localized.entry,
      message,
      details: occurrence.details ?? EMPTY_DETAILS,
      extra: occurrence.extra ?? EMPTY_EXTRA,
      param: occurrence.param ?? null,
      requestId,
      docsUrl: this.options.docsBaseUrl === null ? null : `${this.options.docsBaseUrl}#${entry.docs}`,
      instance: this.pathOf(request),
      retryAfter,
      locale: localized.locale,
    };
    const output = this.options.envelope(resolved);
    const headers: Record<string, ResponseHeaderValue> = {};
    if (occurrence.headers) for (const name in occurrence.headers) headers[name] = occurrence.headers[name] as string;
    if (output.headers) for (const name in output.headers) headers[name] = output.headers[name] as string;
    if (retryAfter !== null) headers['Retry-After'] = String(retryAfter);
    headers['Content-Language'] = localized.locale;
    return { entry: localized.entry, message, output, headers };
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
  protected localize(entry: CatalogueEntry, ownMessage: string | undefined, request: object): { readonly entry: CatalogueEntry; readonly locale: string } {
    if (ownMessage !== undefined) return { entry, locale: this.options.i18n.defaultLocale };
    return localizeEntry(entry, this.http.headers(request)['accept-language'], this.options.i18n);
  }

  /** Applies the `validation.rules` option to a `validation_failed` error. */
  protected refineKey(key: string, details: readonly unknown[] | undefined): string {
    if (key !== 'validation_failed' || details === undefined || this.options.validationRules.length === 0) return key;
    return matchValidationRule(this.options.validationRules, details) ?? key;
  }

  /** Logs a 5xx with its cause and the request id. Override to route elsewhere. */
  protected logFailure(exception: unknown, request: object, requestId: string, entry: CatalogueEntry): void {
    const cause = exception instanceof ApiError && exception.cause !== undefined ? exception.cause : exception;
    const stack = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
    this.logger.error(`${this.http.method(request)} ${this.pathOf(request)} → ${entry.status} ${entry.code} [request ${requestId}]`, stack);
  }

  // The path without the query string: a query may carry secrets and has no place in an error.
  private pathOf(request: object): string {
    const url = this.http.url(request);
    const q = url.indexOf('?');
    return q === -1 ? url : url.slice(0, q);
  }

  // @nestjs/throttler sets Retry-After itself before throwing; keep its value.
  private existingRetryAfter(response: object): number | undefined {
    const value = this.http.getHeader(response, 'Retry-After');
    if (value === undefined) return undefined;
    const seconds = Number(value);
    return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
  }
}
