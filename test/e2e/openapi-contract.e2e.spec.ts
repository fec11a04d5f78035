import 'reflect-metadata';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { Ajv } from 'ajv';
import type { Server } from 'node:http';
import type * as supertest from 'supertest';

/**
 * The contract test: every error answer the conformance suites receive, checked against the
 * OpenAPI document the same app serves. supertest is wrapped (for this file only) so each answer
 * is recorded with the document of the server that gave it; the conformance suites below then run
 * unchanged, and the last test checks each recorded answer: its status is listed for the
 * operation, its body is valid against the documented schema, the documented content type and
 * required headers are there.
 */

interface Recorded {
  readonly server: Server;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly contentType: string;
}

const recorded: Recorded[] = [];
const documents = new Map<Server, Promise<Record<string, any>>>();

jest.mock('supertest', () => {
  const actual = jest.requireActual<typeof supertest>('supertest') as unknown as (app: Server) => Record<string, (...args: unknown[]) => any>;
  const documentOf = (server: Server): Promise<Record<string, any>> => {
    let found = documents.get(server);
    if (found === undefined) {
      found = Promise.resolve(actual(server).get('/openapi.json')).then((res: { status: number; body: Record<string, any> }) => {
        if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
        return res.body;
      });
      documents.set(server, found);
    }
    return found;
  };
  const wrapped = (server: Server): Record<string, (...args: unknown[]) => any> => {
    const agent = actual(server);
    return new Proxy(agent, {
      get(target, method: string) {
        const original = target[method];
        if (typeof original !== 'function' || !['get', 'post', 'put', 'patch', 'delete'].includes(method)) return original;
        return (...args: unknown[]) => {
          const test = original.apply(target, args);
          const end = test.end.bind(test);
          test.end = (callback: (error: unknown, res: any) => void) =>
            end((error: unknown, res: any) => {
              if (res === undefined || res.status < 400) return callback(error, res);
              // Fetched before the test goes on, while the app still runs.
              documentOf(server).then(
                () => {
                  recorded.push({
                    server,
                    method: method.toUpperCase(),
                    path: new URL(test.url as string).pathname,
                    status: res.status as number,
                    headers: res.headers as Record<string, string>,
                    body: res.body as unknown,
                    contentType: String(res.headers['content-type'] ?? ''),
                  });
                  callback(error, res);
                },
                (failure: unknown) => callback(failure, res),
              );
            });
          return test;
        };
      },
    });
  };
  return wrapped;
});


// The suites, as they are: each registers its describe blocks here, with the wrapped supertest.
// Loaded with require, after jest.mock: static imports would load supertest before the mock.
/* eslint-disable @typescript-eslint/no-require-imports */
require('../conformance/msgflash.conformance.spec');
require('../conformance/xtoken.conformance.spec');
require('../conformance/workspaces.conformance.spec');
require('../conformance/integrations.conformance.spec');
require('../conformance/lines.conformance.spec');
/* eslint-enable @typescript-eslint/no-require-imports */

describe('contract: every error answer of the conformance suites is in the OpenAPI document', () => {
  afterAll(() => documents.clear());

  it('lists the status for the operation, with a valid body, the content type and the required headers', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validators = new Map<object, ReturnType<typeof ajv.compile>>();
    const problems: string[] = [];
    let checked = 0;
    let outsideOperations = 0;
    for (const answer of recorded) {
      const document = await (documents.get(answer.server) as Promise<Record<string, any>>);
      const where = `${answer.method} ${answer.path} → ${answer.status}`;
      let validate = validators.get(document);
      if (validate === undefined) validators.set(document, (validate = ajv.compile(document.components.schemas.ApiEdgeError as object)));
      const operation = operationOf(document, answer.method, answer.path);
      checked++;
      if (operation === undefined) {
        // A path no route serves (404, 405): no operation to list it, but the same envelope.
        outsideOperations++;
        if (!validate(answer.body)) problems.push(`${where}: body invalid ${JSON.stringify(validate.errors)}`);
        continue;
      }
      const response = operation.responses[String(answer.status)];
      if (response === undefined) {
        problems.push(`${where}: status not documented (code ${JSON.stringify(answer.body)})`);
        continue;
      }
      const [mediaType] = Object.keys(response.content ?? {});
      if (mediaType === undefined || !answer.contentType.startsWith(mediaType)) problems.push(`${where}: content type ${answer.contentType}, documented ${mediaType}`);
      if (!validate(answer.body)) problems.push(`${where}: body invalid ${JSON.stringify(validate.errors)}`);
      for (const [name, header] of Object.entries<Record<string, unknown>>(response.headers ?? {})) {
        if (header.required === true && answer.headers[name.toLowerCase()] === undefined) problems.push(`${where}: required header ${name} missing`);
      }
    }
    console.log(`contract: ${checked} error answers checked (${outsideOperations} outside any operation), ${problems.length} undocumented`);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

function operationOf(document: Record<string, any>, method: string, path: string): Record<string, any> | undefined {
  for (const [template, item] of Object.entries<Record<string, any>>(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\\{[^}]+\\\}|\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path) && item[method.toLowerCase()] !== undefined) return item[method.toLowerCase()];
  }
  return undefined;
}
