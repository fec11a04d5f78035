import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Post } from '@nestjs/common';
import request from 'supertest';
import {
  MaintenanceSwitch,
  OptionsConfigurationError,
  RequireReady,
  StayOpen,
  type ApiEdgeModuleOptions,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp, startupError } from '../support/edge-app.js';

const JSON_TYPE = 'application/json; charset=utf-8';

@Controller()
class ApiController {
  @Get('messages') list() {
    return { messages: [] };
  }
  @Post('messages') @RequireReady('whatsapp') send() {
    return { queued: true };
  }
  @Post('broadcasts') @RequireReady('whatsapp', 'sms') broadcast() {
    return { queued: true };
  }
  @Get('health') @StayOpen() health() {
    return { ok: true };
  }
}

@Controller('status') @StayOpen()
class StatusController {
  @Get() status() {
    return { up: true };
  }
}

async function start(options: ApiEdgeModuleOptions): Promise<EdgeApp> {
  return createEdgeApp({ options, controllers: [ApiController, StatusController] });
}

describe('maintenance: the static switch (nested envelope)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await start({ envelope: 'nested', maintenance: { enabled: true, retryAfter: 600 } });
  });
  afterAll(() => edge.close());

  it('answers 503 maintenance_mode with Retry-After on every route', async () => {
    for (const [method, path] of [['get', '/messages'], ['post', '/messages']] as const) {
      const res = await request(edge.server)[method](path);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.headers['retry-after']).toBe('600');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body).toEqual({
        error: { code: 'maintenance_mode', message: 'The API is in maintenance. Retry later.', details: [] },
      });
    }
  });

  it('keeps @StayOpen() routes and controllers answering', async () => {
    const health = await request(edge.server).get('/health').set('X-Request-Id', 'req_health_0001');
    expect(health.status).toBe(200);
    expect(health.headers['x-request-id']).toBe('req_health_0001');
    expect(health.body).toEqual({ ok: true });
    const status = await request(edge.server).get('/status');
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ up: true });
  });
});

describe('maintenance: the run-time switch (typed envelope, renamed code)', () => {
  const maintenanceSwitch = new MaintenanceSwitch();
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await start({
      envelope: 'typed',
      catalogue: { overrides: { maintenance_mode: { code: 'MAINTENANCE', message: 'Down for maintenance.' } } },
      maintenance: { switch: maintenanceSwitch },
    });
  });
  afterAll(() => edge.close());

  it('is open while the switch is off', async () => {
    const res = await request(edge.server).get('/messages');
    expect(res.status).toBe(200);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.body).toEqual({ messages: [] });
  });

  it('closes when the app flips the switch, with the catalogue default Retry-After', async () => {
    maintenanceSwitch.enable();
    const res = await request(edge.server).get('/messages');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('300');
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({
      type: 'api_error',
      code: 'MAINTENANCE',
      message: 'Down for maintenance.',
      param: null,
      request_id: res.headers['x-request-id'],
    });
    expect((await request(edge.server).get('/health')).status).toBe(200);
  });

  it('uses the Retry-After and message of this maintenance window', async () => {
    maintenanceSwitch.enable({ retryAfter: 90, message: 'Upgrading the database.' });
    const res = await request(edge.server).get('/messages');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('90');
    expect(res.body).toEqual({
      type: 'api_error',
      code: 'MAINTENANCE',
      message: 'Upgrading the database.',
      param: null,
      request_id: res.headers['x-request-id'],
    });
  });

  it('opens again when the switch is flipped back', async () => {
    maintenanceSwitch.disable();
    const res = await request(edge.server).get('/messages');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ messages: [] });
  });

  it('refuses a window with a bad Retry-After', () => {
    expect(() => maintenanceSwitch.enable({ retryAfter: -1 })).toThrow(
      'Cannot enable maintenance because retryAfter is -1. Fix: pass whole seconds >= 0.',
    );
    expect(maintenanceSwitch.enabled).toBe(false);
  });
});

describe('readiness: @RequireReady (flat envelope)', () => {
  const ready = { whatsapp: false, sms: true };
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await start({
      envelope: 'flat',
      catalogue: {
        entries: {
          // The dependency's own entry, found by the `<name>_not_ready` convention (seed 001).
          whatsapp_not_ready: {
            code: 'session_not_ready',
            status: 503,
            type: 'api_error',
            message: 'The WhatsApp session is starting or not ready yet.',
            retryable: true,
            retryAfter: 15,
          },
        },
      },
      // sync for WhatsApp, async for SMS: both paths of the check
      maintenance: {
        readiness: (dependency) => (dependency === 'sms' ? Promise.resolve(ready.sms) : ready.whatsapp),
      },
    });
  });
  afterAll(() => edge.close());

  it('answers the dependency’s own 503 with Retry-After while it is not ready', async () => {
    const res = await request(edge.server).post('/messages');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('15');
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({ error: 'session_not_ready', message: 'The WhatsApp session is starting or not ready yet.' });
  });

  it('leaves routes that declare nothing alone', async () => {
    const res = await request(edge.server).get('/messages');
    expect(res.status).toBe(200);
  });

  it('passes once ready, and reports a dependency without an entry as dependency_not_ready', async () => {
    ready.whatsapp = true;
    const send = await request(edge.server).post('/messages');
    expect(send.status).toBe(201);
    expect(send.body).toEqual({ queued: true });

    ready.sms = false;
    const res = await request(edge.server).post('/broadcasts');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({ error: 'dependency_not_ready', message: 'A dependency of this endpoint is not ready yet. Retry shortly.' });

    ready.sms = true;
    const ok = await request(edge.server).post('/broadcasts');
    expect(ok.status).toBe(201);
  });
});

describe('readiness: explicit keys, Retry-After option, missing readiness function', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await start({
      envelope: 'status-flag',
      catalogue: { overrides: { dependency_not_ready: { code: 'server_down' } } },
      maintenance: { readiness: (dependency) => dependency !== 'whatsapp', readinessRetryAfter: 30 },
    });
  });
  afterAll(() => edge.close());

  it('uses readinessRetryAfter', async () => {
    const res = await request(edge.server).post('/messages');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body).toEqual({ status: false, error_code: 'server_down', description: 'A dependency of this endpoint is not ready yet. Retry shortly.' });
  });

  it('fails closed with a logged fix when a route declares a dependency and no readiness is configured', async () => {
    const bare = await start({ maintenance: {} });
    try {
      const res = await request(bare.server).post('/messages');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'internal_error', message: 'An unexpected error occurred.', details: [] } });
      expect(bare.logs.text()).toContain(
        'Cannot check that "whatsapp" is ready because maintenance.readiness is not configured. Fix: pass maintenance: { readiness: (dependency, request) => boolean }.',
      );
    } finally {
      await bare.close();
    }
  });
});

describe('maintenance: off without the section', () => {
  it('passes everything', async () => {
    const edge = await start({});
    try {
      expect((await request(edge.server).get('/messages')).status).toBe(200);
      expect((await request(edge.server).post('/messages')).status).toBe(201);
    } finally {
      await edge.close();
    }
  });
});

describe('maintenance options fail the start with a fix', () => {
  it.each([
    [{ enabled: 'yes' }, /^Cannot use maintenance.enabled yes because it is not a boolean\. Fix: /],
    [{ retryAfter: -5 }, /^Cannot use maintenance.retryAfter -5 because it is not whole seconds >= 0\. Fix: /],
    [{ readinessRetryAfter: 1.5 }, /^Cannot use maintenance.readinessRetryAfter 1.5 because/],
    [{ switch: { enabled: true } }, /^Cannot use maintenance.switch because it is not a MaintenanceSwitch\. Fix: /],
    [{ readiness: true }, /^Cannot use maintenance.readiness because it is not a function\. Fix: /],
    [{ readinessErrors: { whatsapp: 'session_not_ready' } }, /^Cannot map "whatsapp" to catalogue key "session_not_ready" in maintenance.readinessErrors because the catalogue has no such key\. Fix: /],
  ])('refuses %j', async (maintenance, message) => {
    const error = await startupError(() => start({ maintenance: maintenance as never }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});
