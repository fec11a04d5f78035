import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Args, Field, GraphQLModule, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { signRequest } from '../../lib/client/index.js';
import { CurrentPrincipal, mintApiKey, Public, RedisEdgeStore, type ApiKeyRecord, type Principal } from '../../lib/index.js';
import { testPlatform } from '../support/adapter.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';
import { connectRedis, deleteKeys } from '../support/redis.js';

const alice = mintApiKey({ prefix: 'sk_live_' });
const records = new Map<string, ApiKeyRecord>([[alice.hash, { id: 'key_alice', accountId: 'acc_alice', hash: alice.hash, scopes: ['messages:write'] }]]);
// Keys of the several-resolvers suite: bob's account has a daily quota of 1; carol must sign.
const bob = mintApiKey({ prefix: 'sk_live_' });
const carol = mintApiKey({ prefix: 'sk_live_' });
const CAROL_SECRET = 'whsec_carol_0123456789';
const moreRecords = new Map<string, ApiKeyRecord>([
  ...records,
  [bob.hash, { id: 'key_bob', accountId: 'acc_bob', hash: bob.hash, scopes: [] }],
  [carol.hash, { id: 'key_carol', accountId: 'acc_carol', hash: carol.hash, scopes: [], requireSignature: true, signingSecrets: [CAROL_SECRET] }],
]);

@ObjectType()
class Account {
  @Field() id!: string;
  @Field() key!: string;
}

@Resolver()
class AccountResolver {
  @Query(() => Account)
  me(@CurrentPrincipal() principal: Principal): Account {
    return { id: principal.accountId, key: principal.id };
  }

  // Nullable: a refused field leaves the other fields standing, so each answers for itself.
  @Query(() => Account, { nullable: true })
  account(@CurrentPrincipal() principal: Principal): Account {
    return { id: principal.accountId, key: principal.id };
  }

  @Public()
  @Query(() => String)
  health(): string {
    return 'ok';
  }

  @Mutation(() => String)
  send(@Args('text') text: string): string {
    return `sent ${text}`;
  }
}

// Apollo on Express, Mercurius on Fastify: the two drivers Nest ships, each on its platform.
const platform = testPlatform();
const driver = platform === 'express' ? 'apollo' : 'mercurius';
const graphqlModule =
  platform === 'express'
    ? GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, includeStacktraceInErrorResponses: true })
    : GraphQLModule.forRoot<MercuriusDriverConfig>({ driver: MercuriusDriver, autoSchemaFile: true, graphiql: false });

describe(`GraphQL over HTTP (${driver} on ${platform}): the checks run on every operation`, () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      imports: [graphqlModule],
      providers: [AccountResolver],
      options: {
        envelope: 'nested',
        apiKeys: { store: { findByHash: (hash) => records.get(hash) ?? null } },
        rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 3 }] },
      },
    });
  });
  afterAll(() => edge.close());

  const gql = (query: string, key?: string) => {
    const req = request(edge.server).post('/graphql').set('content-type', 'application/json');
    if (key !== undefined) req.set('x-api-key', key);
    return req.send(JSON.stringify({ query }));
  };

  it('refuses an operation without a key with the catalogued code, status and envelope body', async () => {
    const res = await gql('{ me { id key } }');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors as Array<{ message: string; path: string[]; extensions: Record<string, unknown> }>;
    expect(error?.message).toBe('No API key was supplied.');
    expect(error?.path).toEqual(['me']);
    expect(error?.extensions).toMatchObject({
      code: 'missing_api_key',
      status: 401,
      body: { error: { code: 'missing_api_key', message: 'No API key was supplied.', details: [] } },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/ at \w|\.ts:\d/);
  });

  it('refuses a bogus key as invalid_api_key', async () => {
    const res = await gql('{ me { id } }', 'sk_live_not-a-real-key');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'invalid_api_key', status: 401 });
  });

  it('accepts an operation with a key, and the resolver sees the principal', async () => {
    const res = await gql('{ me { id key } }', alice.key);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { me: { id: 'acc_alice', key: 'key_alice' } } });
  });

  it('lets a @Public() resolver through without a key', async () => {
    const res = await gql('{ health }');
    expect(res.body).toEqual({ data: { health: 'ok' } });
  });

  it('counts rate limits per operation and refuses past the limit with rate_limited', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await gql(`mutation { send(text: "m${i}") }`, alice.key));
    // The earlier `me` in this suite counted too: the budget of 3 is gone by now.
    const last = answers[answers.length - 1];
    expect(last?.body.errors?.[0]?.extensions).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(last?.headers['ratelimit-policy']).toBe('"minute";q=3;w=60');
  });
});

// Two top-level fields are two resolvers, so the global guard runs twice on one HTTP request, at
// once. The request is counted once, and a refused request is refused for every field. On Redis
// each run queues its store operations on the request's state: the runs take turns, or one run's
// refusal would surface in the other's batch and its own field get through.
describe.each(['memory', 'redis'] as const)(`GraphQL over HTTP (${driver} on ${platform}), %s store: one operation, several resolvers`, (kind) => {
  let edge: EdgeApp;
  let client: Redis | undefined;
  const prefix = `edge-test:${randomUUID()}:graphql:`;
  beforeAll(async () => {
    if (kind === 'redis') client = await connectRedis();
    edge = await createEdgeApp({
      imports: [graphqlModule],
      providers: [AccountResolver],
      options: {
        envelope: 'nested',
        ...(client === undefined ? {} : { store: new RedisEdgeStore(client, { prefix }) }),
        apiKeys: { store: { findByHash: (hash) => moreRecords.get(hash) ?? null } },
        rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 1 }] },
        signature: { requireNonce: true },
        plans: {
          provider: { plan: ({ principal }) => ({ active: true, quotas: { api: principal.accountId === 'acc_bob' ? 1 : null } }) },
          quotas: { api: { period: 'day' } },
        },
      },
    });
  });
  afterAll(async () => {
    await edge?.close();
    if (client !== undefined) {
      await deleteKeys(client, `${prefix}*`);
      await client.quit();
    }
  });

  const gql = (query: string, key = alice.key, headers: Record<string, string> = {}) =>
    request(edge.server).post('/graphql').set('content-type', 'application/json').set('x-api-key', key).set(headers).send(JSON.stringify({ query }));
  const fieldCodes = (body: { errors?: Array<{ path: string[]; extensions: { code: string } }> }) =>
    (body.errors ?? []).map((error) => `${error.path.join('.')}:${error.extensions.code}`).sort();

  it('counts the operation once and answers both fields, then refuses both fields of the next one', async () => {
    const first = await gql('{ a: account { id } b: account { key } }');
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data).toEqual({ a: { id: 'acc_alice' }, b: { key: 'key_alice' } });
    expect(first.headers['ratelimit']).toBe('"minute";r=0;t=60');

    const second = await gql('{ a: account { id } b: account { key } }');
    expect(second.body.data).toEqual({ a: null, b: null });
    expect(fieldCodes(second.body)).toEqual(['a:rate_limited', 'b:rate_limited']);
  });

  it('counts a quota once per operation, and refuses every field of the operation over it', async () => {
    const first = await gql('{ a: account { id } b: account { id } }', bob.key);
    expect(first.body).toEqual({ data: { a: { id: 'acc_bob' }, b: { id: 'acc_bob' } } });
    const second = await gql('{ a: account { id } b: account { id } }', bob.key);
    expect(second.body.data).toEqual({ a: null, b: null });
    expect(fieldCodes(second.body)).toEqual(['a:quota_exceeded', 'b:quota_exceeded']);
  });

  it('verifies a signed operation once, so its second field is not taken for a replay; a replay refuses both', async () => {
    const body = JSON.stringify({ query: '{ a: account { key } b: account { key } }' });
    const signed = signRequest({ secret: CAROL_SECRET, method: 'POST', path: '/graphql', body, nonce: `gql-${randomUUID()}` });
    const send = () => request(edge.server).post('/graphql').set('content-type', 'application/json').set('x-api-key', carol.key).set(signed).send(body);
    const first = await send();
    expect(first.body).toEqual({ data: { a: { key: 'key_carol' }, b: { key: 'key_carol' } } });
    const replay = await send();
    expect(replay.body.data).toEqual({ a: null, b: null });
    expect(fieldCodes(replay.body)).toEqual(['a:signature_replayed', 'b:signature_replayed']);
  });
});
