import { describe, expect, it } from '@jest/globals';
import {
  aliasAll,
  ApiError,
  BUILT_IN_CATALOGUE,
  BUILT_IN_FAMILIES,
  CatalogueConfigurationError,
  apiError,
  builtInCatalogue,
  defineCatalogue,
} from '../../../lib/index.js';

describe('defineCatalogue', () => {
  it('fills defaults: code = key, docs = code, retryable = false', () => {
    expect(builtInCatalogue.get('invalid_api_key')).toEqual({
      key: 'invalid_api_key',
      code: 'invalid_api_key',
      status: 401,
      type: 'authentication_error',
      message: 'The API key is invalid.',
      retryable: false,
      docs: 'invalid_api_key',
      action: 'Check the key for typos, or create a new one in the dashboard.',
    });
    expect(builtInCatalogue.entries()).toHaveLength(Object.keys(BUILT_IN_CATALOGUE).length);
  });

  it('renames, re-statuses and re-words a built-in entry, keeping the rest', () => {
    const catalogue = defineCatalogue({
      overrides: { invalid_api_key: { code: 'INVALID_API_KEY', status: 403, message: 'Bad key.' } },
    });
    expect(catalogue.get('invalid_api_key')).toEqual({
      key: 'invalid_api_key',
      code: 'INVALID_API_KEY',
      status: 403,
      type: 'authentication_error',
      message: 'Bad key.',
      retryable: false,
      docs: 'INVALID_API_KEY',
      action: 'Check the key for typos, or create a new one in the dashboard.',
    });
  });

  it('folds several meanings into one wire code with `as`', () => {
    const catalogue = defineCatalogue({
      overrides: {
        missing_credentials: { code: 'UNAUTHORIZED', message: 'API key missing, invalid, or revoked.' },
        missing_api_key: { as: 'missing_credentials' },
        api_key_revoked: { as: 'missing_credentials', message: 'Revoked.' },
      },
    });
    expect(catalogue.get('missing_api_key')).toMatchObject({ key: 'missing_api_key', code: 'UNAUTHORIZED', status: 401 });
    expect(catalogue.get('api_key_revoked')).toMatchObject({ code: 'UNAUTHORIZED', message: 'Revoked.' });
  });

  it('folds whole families with aliasAll, skipping the target and letting later overrides win', () => {
    const overrides = aliasAll('invalid_api_key', [...BUILT_IN_FAMILIES.apiKeyStates, 'invalid_api_key']);
    expect(overrides).toEqual({
      ambiguous_api_key: { as: 'invalid_api_key' },
      api_key_inactive: { as: 'invalid_api_key' },
      api_key_revoked: { as: 'invalid_api_key' },
      api_key_expired: { as: 'invalid_api_key' },
      api_key_deleted: { as: 'invalid_api_key' },
    });
    const catalogue = defineCatalogue({
      overrides: {
        invalid_api_key: { code: 'UNAUTHORIZED' },
        ...aliasAll('invalid_api_key', [...BUILT_IN_FAMILIES.apiKeyStates, ...BUILT_IN_FAMILIES.signatures]),
        api_key_deleted: { code: 'token_deleted', status: 403 },
      },
    });
    expect(catalogue.get('signature_replayed').code).toBe('UNAUTHORIZED');
    expect(catalogue.get('api_key_revoked').code).toBe('UNAUTHORIZED');
    expect(catalogue.get('api_key_deleted')).toMatchObject({ code: 'token_deleted', status: 403 });
  });

  it('adds typed app entries; error() builds an ApiError that Nest understands', () => {
    const catalogue = defineCatalogue({
      entries: { INSUFFICIENT_BALANCE: { status: 402, type: 'billing_error', message: 'Low.', retryable: false } },
    });
    const error = catalogue.error('INSUFFICIENT_BALANCE', { extra: { required: 3 } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.getStatus()).toBe(402);
    expect(error.getResponse()).toEqual({ code: 'INSUFFICIENT_BALANCE', message: 'Low.' });
    expect(error.occurrence.extra).toEqual({ required: 3 });
    // Type-level: unknown keys do not compile (checked by `npm run typecheck`).
    // @ts-expect-error 'INSUFICIENT_BALANCE' is not a key of this catalogue
    expect(() => catalogue.error('INSUFICIENT_BALANCE')).not.toThrow();
    // @ts-expect-error app keys are not built-in keys
    apiError('INSUFFICIENT_BALANCE');
  });

  it.each([
    [
      'a duplicate wire code',
      { overrides: { invalid_api_key: { code: 'UNAUTHORIZED' }, missing_api_key: { code: 'UNAUTHORIZED' } } },
      /Cannot use wire code "UNAUTHORIZED" for "invalid_api_key" because "missing_api_key" already uses it\. Fix: .*\{ as: 'missing_api_key' \}/,
    ],
    ['a status below 400', { overrides: { not_found: { status: 399 } } }, /Cannot use status 399 for "not_found" because .*400 to 599/],
    ['a status above 599', { entries: { X: { status: 600, type: 't', message: 'm' } } }, /Cannot use status 600 for "X"/],
    ['an override of an unknown key', { overrides: { not_a_key: { status: 400 } } }, /Cannot override "not_a_key" because it is not a built-in error key/],
    ['an app entry reusing a built-in key', { entries: { not_found: { status: 404, type: 't', message: 'm' } } }, /Cannot add entry "not_found" because it is already a built-in error key/],
    ['an alias to an unknown key', { overrides: { forbidden: { as: 'nope' } } }, /Cannot alias "forbidden" to "nope"/],
    ['a code with spaces', { overrides: { forbidden: { code: 'NOT OK' } } }, /Cannot use "NOT OK" as the wire code of "forbidden"/],
    ['an empty message', { entries: { X: { status: 400, type: 't', message: '' } } }, /Cannot define "X" because its message is empty/],
  ])('rejects %s at definition time', (_name, definition, message) => {
    expect(() => defineCatalogue(definition as never)).toThrow(CatalogueConfigurationError);
    expect(() => defineCatalogue(definition as never)).toThrow(message);
  });

  it('names the error class after itself', () => {
    try {
      defineCatalogue({ overrides: { not_found: { status: 200 } } });
      throw new Error('expected a throw');
    } catch (error) {
      expect((error as Error).name).toBe('CatalogueConfigurationError');
    }
  });
});
