import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import { CatalogueConfigurationError, defineCatalogue, OptionsConfigurationError, type CatalogueEntry } from '../../lib/index.js';
import { parseAcceptLanguage } from '../../lib/errors/message-locale.js';
import { readFixtures } from '../../sample-app/data/sample-data.js';
import { msgflashProfile } from '../../sample-app/profiles/msgflash.profile.js';
import { startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';

const catalogue = defineCatalogue({
  overrides: {
    not_found: { messages: { fr: "La ressource n'existe pas.", 'fr-CA': "La ressource est introuvable.", de: 'Die Ressource existiert nicht.' } },
  },
  entries: {
    OUT_OF_CREDIT: { status: 402, type: 'billing_error', message: 'Out of credit.', messages: { fr: 'Crédit épuisé.' } },
  },
  messages: { es: { not_found: 'El recurso no existe.' } },
});
const apiError = catalogue.error.bind(catalogue);

@Controller()
class LocaleController {
  @Get('credit')
  credit() {
    throw apiError('OUT_OF_CREDIT');
  }

  @Get('credit-own-message')
  ownMessage() {
    // A message written by the thrower is never replaced by a translation.
    throw apiError('OUT_OF_CREDIT', { message: 'Out of credit: 3 needed.' });
  }
}

const NOT_FOUND_EN = 'The resource does not exist.';

describe('messages per locale (Accept-Language → Content-Language)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({ options: { catalogue }, controllers: [LocaleController] });
  });
  afterAll(() => edge.close());

  const notFound = (acceptLanguage?: string) => {
    const req = request(edge.server).get('/nowhere');
    return acceptLanguage === undefined ? req : req.set('Accept-Language', acceptLanguage);
  };

  it.each([
    [undefined, 'en', NOT_FOUND_EN],
    ['fr', 'fr', "La ressource n'existe pas."],
    ['fr-CA', 'fr-CA', 'La ressource est introuvable.'],
    ['fr-BE', 'fr', "La ressource n'existe pas."],
    ['fr-ca', 'fr-CA', 'La ressource est introuvable.'],
    ['de-AT;q=0.9, fr;q=0.8', 'de', 'Die Ressource existiert nicht.'],
    ['fr;q=0.5, de;q=0.9', 'de', 'Die Ressource existiert nicht.'],
    ['it, es;q=0.2', 'es', 'El recurso no existe.'],
    ['it, ja', 'en', NOT_FOUND_EN],
    ['de;q=0, fr;q=0.1', 'fr', "La ressource n'existe pas."],
    ['en-GB, fr', 'en', NOT_FOUND_EN],
    ['*, fr;q=0.5', 'en', NOT_FOUND_EN],
    ['garbage;;;, fr', 'fr', "La ressource n'existe pas."],
  ])('Accept-Language %s → %s', async (acceptLanguage, locale, message) => {
    const res = await notFound(acceptLanguage);
    expect(res.status).toBe(404);
    expect(res.headers['content-language']).toBe(locale);
    expect(res.body).toEqual({ error: { code: 'not_found', message, details: [] } });
  });

  it('translates an app entry, and keeps a message the thrower wrote', async () => {
    const translated = await request(edge.server).get('/credit').set('Accept-Language', 'fr-FR');
    expect([translated.status, translated.headers['content-language'], translated.body]).toEqual([
      402,
      'fr',
      { error: { code: 'OUT_OF_CREDIT', message: 'Crédit épuisé.', details: [] } },
    ]);
    const own = await request(edge.server).get('/credit-own-message').set('Accept-Language', 'fr');
    expect([own.status, own.headers['content-language'], own.body]).toEqual([
      402,
      'en',
      { error: { code: 'OUT_OF_CREDIT', message: 'Out of credit: 3 needed.', details: [] } },
    ]);
  });

  it('parses Accept-Language by q-value, dropping q=0 and malformed members', () => {
    expect(parseAcceptLanguage('fr-ca, fr;q=0.9, en;q=0.8, de;q=0, *;q=0.1, x y')).toEqual(['fr-CA', 'fr', 'en', '*']);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });
});

describe('the i18n option', () => {
  let edge: EdgeApp;
  const asked: Array<{ code: string; locales: readonly string[] }> = [];
  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        catalogue,
        i18n: {
          defaultLocale: 'en-US',
          // As a nestjs-i18n user would: a translation service by code, undefined when it has none.
          resolve: (entry: CatalogueEntry, locales: readonly string[]) => {
            asked.push({ code: entry.code, locales });
            if (locales[0] === 'nl') return { message: 'De resource bestaat niet.', locale: 'nl' };
            if (locales[0] === 'pt') return 'O recurso não existe.';
            return undefined;
          },
        },
      },
      controllers: [LocaleController],
    });
  });
  afterAll(() => edge.close());

  it('asks the hook first, with the client’s ranges in order', async () => {
    const nl = await request(edge.server).get('/nowhere').set('Accept-Language', 'nl, fr;q=0.5');
    expect([nl.headers['content-language'], nl.body.error.message]).toEqual(['nl', 'De resource bestaat niet.']);
    expect(asked.at(-1)).toEqual({ code: 'not_found', locales: ['nl', 'fr'] });
    const pt = await request(edge.server).get('/nowhere').set('Accept-Language', 'pt');
    expect([pt.headers['content-language'], pt.body.error.message]).toEqual(['pt', 'O recurso não existe.']);
  });

  it('falls back to the entry’s messages, then to the default locale', async () => {
    const fr = await request(edge.server).get('/nowhere').set('Accept-Language', 'fr');
    expect([fr.headers['content-language'], fr.body.error.message]).toEqual(['fr', "La ressource n'existe pas."]);
    const none = await request(edge.server).get('/nowhere').set('Accept-Language', 'ja');
    expect([none.headers['content-language'], none.body.error.message]).toEqual(['en-US', NOT_FOUND_EN]);
  });

  it('fails the start on a default locale that is no language tag, and the definition on a bad locale', async () => {
    const error = await startupError(() => createEdgeApp({ options: { i18n: { defaultLocale: 'english please' } } }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toBe(
      'Cannot use i18n.defaultLocale "english please" because it is not a language tag. Fix: use the language of your catalogue messages, e.g. "en" or "fr".',
    );
    expect(() => defineCatalogue({ overrides: { not_found: { messages: { 'fr_FR': 'x' } } } })).toThrow(
      new CatalogueConfigurationError('Cannot use "fr_FR" as a locale of "not_found" because it is not a language tag. Fix: use tags such as "fr", "de" or "pt-BR".'),
    );
    expect(() => defineCatalogue({ messages: { fr: { nope: 'x' } as never } })).toThrow(
      new CatalogueConfigurationError('Cannot translate "nope" into "fr" because the catalogue has no such key. Fix: correct the key, or add the entry.'),
    );
  });
});

describe('msgflash serves seed 000 in English and in French', () => {
  let sample: SampleApp;
  const bob = readFixtures().keys.find((k) => k.id === 'key_msgflash_bob')?.key as string;
  beforeAll(async () => {
    sample = await startSampleApp({ profile: msgflashProfile });
  });
  afterAll(() => sample.close());

  const statuses = (acceptLanguage?: string) => {
    const req = request(sample.server).post('/v1/statuses').set('x-api-key', bob).send({ text: 'Open today' });
    return acceptLanguage === undefined ? req : req.set('Accept-Language', acceptLanguage);
  };

  it.each([
    [undefined, 'en', 'WhatsApp statuses indisponibles sur le plan actuel'],
    ['en-US', 'en', 'WhatsApp statuses unavailable on the current plan'],
    ['fr-FR, en;q=0.5', 'fr', 'Statuts WhatsApp indisponibles sur le plan actuel'],
    ['ja', 'en', 'WhatsApp statuses indisponibles sur le plan actuel'],
  ])('STATUSES_NOT_AVAILABLE_ON_PLAN, Accept-Language %s → %s', async (acceptLanguage, locale, message) => {
    const res = await statuses(acceptLanguage);
    expect([res.status, res.headers['content-language'], res.body]).toEqual([
      403,
      locale,
      { error: { code: 'STATUSES_NOT_AVAILABLE_ON_PLAN', message, details: [] } },
    ]);
  });

  it('an alias without a message of its own inherits the French of its target (missing key → UNAUTHORIZED)', async () => {
    const res = await request(sample.server).get('/v1/messages/msg_000000000000000000000000').set('Accept-Language', 'fr');
    expect([res.status, res.headers['content-language'], res.body]).toEqual([
      401,
      'fr',
      { error: { code: 'UNAUTHORIZED', message: 'Clé API absente, invalide ou révoquée. Vérifiez x-api-key.', details: [] } },
    ]);
  });
});
