import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Post } from '@nestjs/common';
import request from 'supertest';
import { MaintenanceSwitch, StayOpen } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

@Controller()
class OpsController {
  // The app injects the module's switch; no reference kept from the options.
  constructor(private readonly maintenance: MaintenanceSwitch) {}

  @StayOpen() @Post('ops/maintenance/on') on() {
    this.maintenance.enable();
    return { maintenance: true };
  }
  @StayOpen() @Post('ops/maintenance/off') off() {
    this.maintenance.disable();
    return { maintenance: false };
  }
  @Get('v1/things') things() {
    return { things: [] };
  }
}

describe('the injectable maintenance switch', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({ controllers: [OpsController], options: { envelope: 'nested', maintenance: {} } });
  });
  afterAll(() => edge.close());

  it('is flipped by app code through dependency injection', async () => {
    expect((await request(edge.server).get('/v1/things')).status).toBe(200);
    expect((await request(edge.server).post('/ops/maintenance/on')).status).toBe(201);
    const res = await request(edge.server).get('/v1/things');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('300');
    expect(res.body).toEqual({ error: { code: 'maintenance_mode', message: 'The API is in maintenance. Retry later.', details: [] } });
    expect((await request(edge.server).post('/ops/maintenance/off')).status).toBe(201);
    expect((await request(edge.server).get('/v1/things')).status).toBe(200);
  });
});
