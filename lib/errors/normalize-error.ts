import { HttpException } from '@nestjs/common';
import type { ApiErrorOptions } from './api-error.js';
import { ApiError } from './api-error.js';
import type { BuiltInErrorKey } from './built-in-catalogue.js';

/** A thrown value, reduced to a catalogue key and occurrence data. */
export interface NormalizedError {
  readonly key: string;
  readonly options: ApiErrorOptions;
  /** True when the cause is not ours nor an HTTP error: it is logged with its stack. */
  readonly unexpected: boolean;
}

const BY_STATUS: Readonly<Record<number, BuiltInErrorKey>> = {
  400: 'bad_request',
  401: 'missing_credentials',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'upstream_unavailable',
  503: 'service_unavailable',
  504: 'upstream_timeout',
};

// body-parser (raw-body / http-errors) tags its errors with `type`; these are client mistakes.
const BY_BODY_PARSER_TYPE: Readonly<Record<string, BuiltInErrorKey>> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
  'entity.verify.failed': 'bad_request',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
  'request.aborted': 'bad_request',
  'request.size.invalid': 'bad_request',
  'stream.encoding.set': 'internal_error',
  'parameters.too.many': 'payload_too_large',
};

// Fastify's body errors (FastifyError `code`), which Nest wraps in an HttpException with the original as cause.
const BY_FASTIFY_CODE: Readonly<Record<string, BuiltInErrorKey>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** The built-in key for an HTTP status: the exact one, else the generic 4xx or 5xx entry. */
export function keyForStatus(status: number): BuiltInErrorKey {
  return BY_STATUS[status] ?? (status >= 400 && status < 500 ? 'bad_request' : 'internal_error');
}

/**
 * Maps anything thrown to a catalogue key: our `ApiError` by its key; Nest's `HttpException` by
 * status (a `ValidationPipe` failure with its messages as details; `ThrottlerException` as 429
 * rate_limited); body-parser errors by their `type`; everything else to `internal_error`.
 *
 * Messages of foreign errors are never copied to the client: the catalogue's message is used, so
 * nothing internal (SQL, paths, stack) can leak through a status-carrying error.
 */
export function normalizeError(exception: unknown): NormalizedError {
  if (exception instanceof ApiError) {
    return { key: exception.key, options: exception.occurrence, unexpected: false };
  }
  if (exception instanceof HttpException) {
    // Nest's Express adapter wraps body-parser errors in an HttpException with the original as cause.
    const parserKey = bodyParserKey(exception.cause);
    if (parserKey) return { key: parserKey, options: {}, unexpected: false };
    const status = exception.getStatus();
    const key = keyForStatus(status);
    if (status === 400) {
      // Nest's default ValidationPipe answers 400 with `message: string[]`.
      const response = exception.getResponse() as { message?: unknown };
      if (Array.isArray(response?.message)) {
        return {
          key: 'validation_failed',
          options: { details: response.message.map((message) => ({ field: null, constraint: null, message: String(message) })) },
          unexpected: false,
        };
      }
    }
    return { key, options: {}, unexpected: status >= 500 };
  }
  if (typeof exception === 'object' && exception !== null) {
    const parserKey = bodyParserKey(exception);
    if (parserKey) return { key: parserKey, options: {}, unexpected: false };
    const { status, statusCode } = exception as { status?: unknown; statusCode?: unknown };
    const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
    // http-errors marks client errors as `expose`; server-side statuses stay generic.
    if (code !== undefined && code >= 400 && code < 500) {
      return { key: keyForStatus(code), options: {}, unexpected: false };
    }
  }
  return { key: 'internal_error', options: {}, unexpected: true };
}

function bodyParserKey(error: unknown): BuiltInErrorKey | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, code } = error as { type?: unknown; code?: unknown };
  if (typeof type === 'string' && Object.hasOwn(BY_BODY_PARSER_TYPE, type)) return BY_BODY_PARSER_TYPE[type];
  return typeof code === 'string' && Object.hasOwn(BY_FASTIFY_CODE, code) ? BY_FASTIFY_CODE[code] : undefined;
}
