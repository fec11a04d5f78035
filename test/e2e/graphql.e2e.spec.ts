import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Args, Field, GraphQLModule, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import request from 'supertest';
import { CurrentPrincipal, mintApiKey, Public, type ApiKeyRecord, type Principal } from '../../lib/index.js';
import { testPlatform } from '../support/adapter.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const alice = mintApiKey({ prefix: 'sk_live_' });
const records = new Map<string, ApiKeyRecord>([[alice.hash, { id: 'key_alice', accountId: 'acc_alice', hash: alice.hash, scopes: ['messages:write'] }]]);

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
