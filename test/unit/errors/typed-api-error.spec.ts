import { describe, expect, it } from '@jest/globals';
import { ApiError, apiError, builtInApiError, builtInCatalogue, defineCatalogue } from '../../../lib/index.js';

const catalogue = defineCatalogue({
  overrides: { not_found: { code: 'NOT_FOUND' } },
  entries: { INSUFFICIENT_BALANCE: { status: 402, type: 'billing_error', message: 'Balance too low.' } },
});
// What the README tells apps to write: the bound method, detached.
const appApiError = catalogue.error;

describe('a typed apiError', () => {
  it('is the catalogue\'s error(), bound: detached it still raises the app\'s entries', () => {
    const error = appApiError('INSUFFICIENT_BALANCE', { extra: { required: 12, balance: 3 } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.getStatus()).toBe(402);
    expect(error.getResponse()).toEqual({ code: 'INSUFFICIENT_BALANCE', message: 'Balance too low.' });
    expect(appApiError('not_found').getResponse()).toEqual({ code: 'NOT_FOUND', message: 'The resource does not exist.' });
    // @ts-expect-error a typo of an app key does not compile
    expect(appApiError('INSUFICIENT_BALANCE').entry.key).toBe('internal_error');
  });

  it('builtInApiError raises the built-in entries and refuses an app key at compile time', () => {
    expect(builtInApiError('not_found').getResponse()).toEqual({ code: 'not_found', message: 'The resource does not exist.' });
    expect(builtInApiError('not_found').entry).toEqual(builtInCatalogue.get('not_found'));
    // @ts-expect-error INSUFFICIENT_BALANCE is an app key, not a built-in one
    expect(builtInApiError('INSUFFICIENT_BALANCE').entry.key).toBe('internal_error');
  });

  it('keeps apiError as a deprecated alias of builtInApiError, with the same refusal', () => {
    expect(apiError).toBe(builtInApiError);
    // @ts-expect-error the deprecated alias takes built-in keys only, too
    expect(apiError('INSUFFICIENT_BALANCE').entry.key).toBe('internal_error');
  });

  it('binds error() per catalogue instance: two catalogues do not share one raiser', () => {
    const other = defineCatalogue({ overrides: { not_found: { code: 'MISSING' } } });
    expect(other.error).not.toBe(catalogue.error);
    expect(other.error('not_found').getResponse()).toEqual({ code: 'MISSING', message: 'The resource does not exist.' });
  });
});
