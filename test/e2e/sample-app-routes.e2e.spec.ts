import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { readFixtures } from '../../sample-app/data/sample-data.js';
import { PROFILES } from '../../sample-app/profiles/profiles.js';
import { servedRoutes } from '../../sample-app/profiles/served-routes.js';
import { ManualClock, startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

// Nest's own metadata keys for @Controller paths and route handlers (the values of PATH_METADATA
// and METHOD_METADATA, read with reflect-metadata instead of a deep import).
const PATH = 'path';
const METHOD = 'method';

/** Every route Nest mounted, read from the controllers of the running app's modules. */
function mountedRoutes(sample: SampleApp): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const controllers = [...sample.app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
  for (const wrapper of controllers) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!type) continue;
    const prefixes = [Reflect.getMetadata(PATH, type) as string | string[] | undefined].flat().map((p) => p ?? '');
    const proto = type.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const paths = [Reflect.getMetadata(PATH, handler) as string | string[]].flat();
      for (const prefix of prefixes) {
        for (const path of paths) {
          const full = `/${[prefix, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
          routes.push({ method: RequestMethod[method].toLowerCase(), path: full.replace(/:(\w+)/g, 'x_$1') });
        }
      }
    }
  }
  return routes;
}

/** How each profile's clients present a key (see the profiles' `apiKeys.sources`). */
const AUTH: Record<string, (key: string) => Record<string, string>> = {
  demo: (key) => ({ 'x-api-key': key }),
  msgflash: (key) => ({ 'x-api-key': key }),
  xtoken: (key) => ({ 'X-Token': key }),
  workspaces: (key) => ({ 'X-API-Key': key }),
  integrations: (key) => ({ Authorization: `Bearer ${key}` }),
  lines: (key) => ({ Authorization: `Bearer ${key}` }),
  default: () => ({}),
};

const fixtures = readFixtures();
const keyOf = (profile: string): string => fixtures.keys.find((k) => k.id === `key_${profile}_alice`)?.key ?? '';

describe.each(Object.keys(PROFILES))('sample app routes: profile %s', (name) => {
  let sample: SampleApp;
  beforeAll(async () => {
    sample = await startSampleApp({ profile: PROFILES[name], clock: new ManualClock().read });
  });
  afterAll(() => sample.close());

  it('answers every mounted route without a 5xx, with no credentials and with a valid key', async () => {
    const routes = mountedRoutes(sample);
    expect(routes.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const { method, path } of routes) {
      for (const headers of [{}, (AUTH[name] as (key: string) => Record<string, string>)(keyOf(name))]) {
        const test = request(sample.server)[method as 'get'](path).set(headers);
        const res = await (method === 'get' ? test : test.send({}));
        if (res.status >= 500) failures.push(`${method.toUpperCase()} ${path} ${Object.keys(headers).length ? 'with key' : 'no key'}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('sample app routes: a profile mounts only what its configuration serves', () => {
  it.each([
    // profile        route                                      mounted  why
    ['default', 'get', '/v1/me', false], // no API keys, no JWTs: nobody to be "me"
    ['default', 'post', '/v1/auth/login', false], // no jwt section: a console token would be useless
    ['msgflash', 'post', '/v1/sandbox/messages', false], // no `sandbox` quota
    ['lines', 'post', '/v1/sandbox/messages', true],
    ['integrations', 'post', '/v1/invitations/inv_x/accept', false], // JWT-only, no jwt section
    ['integrations', 'get', '/api/billing/payments', false],
    ['integrations', 'get', '/v1/billing/subscription', true], // keys + plan provider
    ['msgflash', 'post', '/v1/invitations/inv_x/accept', true],
    ['workspaces', 'get', '/api/billing/payments', true],
  ])('%s: %s %s mounted=%s', async (name, method, path, mounted) => {
    const sample = await startSampleApp({ profile: PROFILES[name], clock: new ManualClock().read });
    try {
      expect(mountedRoutes(sample).some((r) => r.method === method && r.path === path.replace(/inv_x/, 'x_token'))).toBe(mounted);
      if (!mounted) {
        const res = await request(sample.server)[method as 'get'](path);
        expect(res.status).toBe(404);
      }
    } finally {
      await sample.close();
    }
  });
});

describe('servedRoutes: the route groups read from the shape of a profile\'s checks', () => {
  it.each([
    // profile         account billing console consoleBilling sandbox
    ['demo', true, true, true, true, true],
    ['default', false, false, false, false, false],
    ['msgflash', true, true, true, true, false],
    ['xtoken', true, true, true, true, false],
    ['workspaces', true, true, true, true, false],
    ['integrations', true, true, false, false, false],
    ['lines', true, true, false, false, true],
  ])('%s', (name, account, billing, console, consoleBilling, sandbox) => {
    expect(servedRoutes(PROFILES[name] as NonNullable<(typeof PROFILES)[string]>)).toEqual({ account, billing, console, consoleBilling, sandbox });
  });
});
