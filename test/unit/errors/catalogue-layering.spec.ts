import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_FAMILIES, CatalogueConfigurationError, defineCatalogue, type CatalogueEntry } from '../../../lib/index.js';

// The catalogue an app defines once; profiles (partner contracts, API versions) extend it.
const app = defineCatalogue({
  entries: {
    dnc_blocked: { status: 422, type: 'invalid_request_error', message: 'Blocked by DNC.' },
    line_not_found: { as: 'not_found' },
    provider_failed: { status: 502, type: 'api_error', message: 'Provider failed.', retryable: true, retryAfter: 5 },
  },
});

const pick = (entry: CatalogueEntry) => [entry.code, entry.status, entry.type, entry.message, entry.retryable, entry.docs, entry.retryAfter];

describe('defineCatalogue layering: extends ← entries ← overrides ← codes', () => {
  const profile = defineCatalogue({
    extends: app,
    overrides: { line_not_found: { message: 'No such line.' } },
    entries: { sandbox_off: { status: 403, type: 'authorization_error', message: 'Sandbox is off.' } },
    codes: {
      FORBIDDEN: { message: 'Not allowed.', covers: ['forbidden', 'insufficient_scope', 'ip_not_allowed', 'sandbox_off'] },
      UNAUTHORIZED: { status: 401, message: 'Bad key.', covers: ['invalid_api_key', 'missing_api_key', ...BUILT_IN_FAMILIES.apiKeyStates] },
      INVALID_DESTINATION: { covers: ['dnc_blocked'] },
      PROVIDER_DOWN: { status: 503, covers: ['provider_failed', 'upstream_unavailable'] },
    },
  });

  it.each([
    // key                  code                  status type                     message              retryable docs                  retryAfter
    ['forbidden', 'FORBIDDEN', 403, 'authorization_error', 'Not allowed.', false, 'FORBIDDEN', undefined],
    ['insufficient_scope', 'FORBIDDEN', 403, 'authorization_error', 'Not allowed.', false, 'FORBIDDEN', undefined],
    ['ip_not_allowed', 'FORBIDDEN', 403, 'authorization_error', 'Not allowed.', false, 'FORBIDDEN', undefined],
    ['sandbox_off', 'FORBIDDEN', 403, 'authorization_error', 'Not allowed.', false, 'FORBIDDEN', undefined],
    ['invalid_api_key', 'UNAUTHORIZED', 401, 'authentication_error', 'Bad key.', false, 'UNAUTHORIZED', undefined],
    ['api_key_revoked', 'UNAUTHORIZED', 401, 'authentication_error', 'Bad key.', false, 'UNAUTHORIZED', undefined],
    ['ambiguous_api_key', 'UNAUTHORIZED', 401, 'authentication_error', 'Bad key.', false, 'UNAUTHORIZED', undefined],
    // fields a row leaves out come from the extended catalogue
    ['dnc_blocked', 'INVALID_DESTINATION', 422, 'invalid_request_error', 'Blocked by DNC.', false, 'INVALID_DESTINATION', undefined],
    ['provider_failed', 'PROVIDER_DOWN', 503, 'api_error', 'Provider failed.', true, 'PROVIDER_DOWN', 5],
    ['upstream_unavailable', 'PROVIDER_DOWN', 503, 'api_error', 'Provider failed.', true, 'PROVIDER_DOWN', 5],
    // a field change to an alias of the base starts from its target, under its own code
    ['line_not_found', 'line_not_found', 404, 'not_found_error', 'No such line.', false, 'line_not_found', undefined],
    // untouched keys keep the base (built-in, or the app's)
    ['not_found', 'not_found', 404, 'not_found_error', 'The resource does not exist.', false, 'not_found', undefined],
    ['rate_limited', 'rate_limited', 429, 'rate_limit_error', 'Too many requests. Retry after the time given in Retry-After.', true, 'rate_limited', 1],
  ])('%s → %s %d', (key, code, status, type, message, retryable, docs, retryAfter) => {
    expect(profile.has(key)).toBe(true);
    expect(pick(profile.get(key as 'forbidden'))).toEqual([code, status, type, message, retryable, docs, retryAfter]);
    expect(profile.get(key as 'forbidden').key).toBe(key);
  });

  it('keeps the base order, then the new keys', () => {
    const keys = profile.entries().map((e) => e.key);
    expect(keys.slice(0, app.entries().length)).toEqual(app.entries().map((e) => e.key));
    expect(keys.slice(app.entries().length)).toEqual(['sandbox_off']);
  });

  it('leaves the extended catalogue as it was', () => {
    expect(pick(app.get('dnc_blocked'))).toEqual(['dnc_blocked', 422, 'invalid_request_error', 'Blocked by DNC.', false, 'dnc_blocked', undefined]);
    expect(app.get('forbidden').code).toBe('forbidden');
  });

  it('extends a definition as well as a defined catalogue, and layers again on a layer', () => {
    const fromDefinition = defineCatalogue({
      extends: { entries: { dnc_blocked: { status: 422, type: 'invalid_request_error', message: 'Blocked by DNC.' } } },
      codes: { DNC: { covers: ['dnc_blocked'] } },
    });
    expect(pick(fromDefinition.get('dnc_blocked'))).toEqual(['DNC', 422, 'invalid_request_error', 'Blocked by DNC.', false, 'DNC', undefined]);
    const again = defineCatalogue({ extends: profile, overrides: { forbidden: { status: 404 } } });
    // insufficient_scope is an alias of forbidden in `profile`, so it follows the new status.
    expect(pick(again.get('insufficient_scope'))).toEqual(['FORBIDDEN', 404, 'authorization_error', 'Not allowed.', false, 'FORBIDDEN', undefined]);
  });

  it('type-checks covered keys and overrides against the extended catalogue', () => {
    expect(() => defineCatalogue({
      extends: app,
      // @ts-expect-error: not a key of the extended catalogue
      overrides: { dnc_blokced: { status: 400 } },
    })).toThrow(CatalogueConfigurationError);
    expect(() =>
      defineCatalogue({
        extends: app,
        // @ts-expect-error: not a key of the extended catalogue
        codes: { X: { covers: ['dnc_blokced'] } },
      }),
    ).toThrow(CatalogueConfigurationError);
  });
});

describe('defineCatalogue layering: start-up errors', () => {
  it.each([
    [
      'an unknown covered key',
      { codes: { FORBIDDEN: { covers: ['forbidden', 'forbiden'] } } },
      'Cannot cover "forbiden" with code "FORBIDDEN" because "forbiden" is not a key of the catalogue. Fix: correct the spelling, or add "forbiden" under "entries" first.',
    ],
    [
      'a meaning covered by two codes',
      { codes: { FORBIDDEN: { covers: ['forbidden', 'ip_not_allowed'] }, IP_BLOCKED: { covers: ['ip_not_allowed'] } } },
      'Cannot cover "ip_not_allowed" with code "IP_BLOCKED" because code "FORBIDDEN" already covers it. Fix: keep "ip_not_allowed" in one row only: a meaning leaves with one wire code.',
    ],
    [
      'a meaning covered and overridden',
      { overrides: { forbidden: { message: 'No.' } }, codes: { FORBIDDEN: { covers: ['forbidden'] } } },
      'Cannot cover "forbidden" with code "FORBIDDEN" because "overrides" changes it too. Fix: move the change into the row of "FORBIDDEN" (or drop "forbidden" from its covers).',
    ],
    [
      'a code that covers nothing',
      { codes: { FORBIDDEN: { covers: [] } } },
      "Cannot define code \"FORBIDDEN\" because it covers no meaning. Fix: list the catalogue keys it stands for, e.g. covers: ['forbidden'].",
    ],
    [
      'a row code already used by another key',
      { codes: { not_found: { covers: ['forbidden'] } } },
      'Cannot use wire code "not_found" for "forbidden" because "not_found" already uses it.',
    ],
    [
      'a row code that is not a code',
      { codes: { 'NOT FOUND': { covers: ['not_found'] } } },
      'Cannot use "NOT FOUND" as the wire code of "not_found" because a code must be 1-100 characters',
    ],
    [
      'a row that makes a status out of range',
      { codes: { GONE: { status: 200, covers: ['not_found'] } } },
      'Cannot use status 200 for "not_found" because error statuses must be integers from 400 to 599. Fix: set a 4xx or 5xx status.',
    ],
    [
      'an override of a key the extended catalogue lacks',
      { extends: app, overrides: { dnc_blokced: { status: 400 } } },
      'Cannot override "dnc_blokced" because it is not a key of the catalogue this one extends. Fix: add it under "entries" instead, or correct the spelling of an existing key.',
    ],
    [
      'an entry that repeats a key of the extended catalogue',
      { extends: app, entries: { dnc_blocked: { status: 422, type: 'x', message: 'x' } } },
      'Cannot add entry "dnc_blocked" because it is already a key of the catalogue this one extends. Fix: move it to "overrides" to change the existing entry.',
    ],
    [
      'a row on a new alias entry',
      { entries: { gone: { as: 'not_found' } }, codes: { GONE: { covers: ['gone'] } } },
      'Cannot give "gone" a code row because it is written as { as: \'not_found\' } in "entries". Fix: write "gone" as a whole entry, or cover "not_found" in the row instead.',
    ],
  ])('%s', (_what, definition, message) => {
    let thrown: unknown;
    try {
      defineCatalogue(definition as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CatalogueConfigurationError);
    expect((thrown as Error).message).toContain(message);
  });
});
