import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const main = new URL('../../dist/sample-app/main.js', `file://${__filename}`).pathname;
const probe = new URL('./esm-interop.probe.mjs', `file://${__filename}`).pathname;
const PORT = 30000 + Math.floor(Math.random() * 20000);

/**
 * The tests run through a CommonJS transform (see jest.config.js); this one boots the BUILT sample
 * app under plain Node, as users run it, to prove the ESM build loads (Nest 12, @nestjs/throttler
 * via require(esm), the module) and answers.
 */
describe('the ESM build under plain Node', () => {
  let server: ChildProcess;
  beforeAll(async () => {
    if (!existsSync(main)) throw new Error(`Cannot find ${main} because the project is not built. Fix: run \`npm run build\` first (npm test does).`);
    server = spawn(process.execPath, [main], { env: { ...process.env, PORT: String(PORT), ENVELOPE: 'problem' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += String(chunk);
        if (/listening|started|3000|localhost|http:\/\//i.test(output)) resolve();
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
      server.once('exit', (code) => reject(new Error(`sample app exited with ${String(code)}: ${output}`)));
    });
    await ready;
    // Give the listener a moment to bind after the log line.
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`http://127.0.0.1:${PORT}/health`);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });

  it('answers an unknown route with a catalogued problem+json 404 and a request id', async () => {
    const res = await fetch(`http://127.0.0.1:${PORT}/v1/does-not-exist`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const body = await res.json();
    expect(body).toMatchObject({ status: 404, code: 'not_found', instance: '/v1/does-not-exist', request_id: id });
  });
});

/**
 * The package is ONE CommonJS build (dist/lib, see scripts/build.mjs). An ESM app must still get
 * named imports from both entry points, and exactly one copy of every class: the same class for
 * `import` and `require`, errors that are `instanceof` the app's own @nestjs/common classes.
 */
describe('the CommonJS build imported by an ESM app', () => {
  it('gives named imports, one copy of every class across import, require and nest-api-edge/client, and no warnings', () => {
    const run = spawnSync(process.execPath, [probe], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      namedImports: ['function', 'function', 'function', 'function'],
      sameModuleClassForImportAndRequire: true,
      instanceofImported: true,
      instanceofRequired: true,
      instanceofAppHttpException: true,
      sameNestCommonAsApp: true,
      clientIsTheSameCode: true,
      parsed: { shape: 'nested', code: 'not_found', message: 'Nope.', details: [], extra: {} },
    });
  });
});
