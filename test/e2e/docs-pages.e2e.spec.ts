import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ApiEdgeOptions } from '../../lib/index.js';
import { PROFILES } from '../../sample-app/profiles/profiles.js';
import { startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

// The sample's docs pages in a real (headless) browser, for every profile: Swagger UI at /docs
// shows every operation of /openapi.json, the catalogue page at /docs/errors every wire code.
// DOCS_SCREENSHOTS=1 writes the screenshots of two profiles to docs/images/ (committed).
const SCREENSHOT_PROFILES: ReadonlySet<string> = new Set(['msgflash', 'xtoken']);
const CHROMIUM = '/usr/bin/chromium';

describe('docs pages in a headless browser', () => {
  let browser: Browser;
  let userDataDir: string;
  /** Every URL the pages asked for that is not the app under test. */
  const foreign: string[] = [];

  beforeAll(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'edge-docs-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${userDataDir}`,
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  async function open(base: string, path: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      // The pages must work offline: anything that leaves the app is recorded and refused.
      if (req.url().startsWith(base) || req.url().startsWith('data:')) return void req.continue();
      foreign.push(req.url());
      void req.abort();
    });
    const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    return page;
  }

  describe.each(Object.values(PROFILES))('profile $name', (profile) => {
    let app: SampleApp;
    let base: string;

    beforeAll(async () => {
      app = await startSampleApp({ profile });
      await app.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(() => app.close());

    it('/docs renders every operation of /openapi.json', async () => {
      const document = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const expected = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)).sort();
      const page = await open(base, '/docs');
      await page.waitForSelector('.opblock', { timeout: 15_000 });
      const shown = await page.$$eval('.opblock', (blocks) =>
        blocks.map((b) => `${b.querySelector('.opblock-summary-method')?.textContent?.trim()} ${b.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`),
      );
      expect(shown.sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(5);
      await screenshot(page, `${profile.name}-swagger-ui`);

      // One operation opened: its error responses, as the document lists them.
      const send = document.paths['/v1/messages']?.post as { responses: Record<string, unknown> };
      await page.click('[id$="-MessagesController_send"] .opblock-summary');
      await page.waitForSelector('[id$="-MessagesController_send"] .responses-table', { timeout: 15_000 });
      const statuses = await page.$$eval('[id$="-MessagesController_send"] .responses-table tr.response', (rows) => rows.map((r) => r.getAttribute('data-code')));
      expect(statuses).toEqual(Object.keys(send.responses));
      await page.$eval('[id$="-MessagesController_send"] .responses-wrapper', (el) => el.scrollIntoView());
      await screenshot(page, `${profile.name}-send-responses`);
      await page.close();
      expect(foreign).toEqual([]);
    }, 30_000);

    it('/docs/errors lists every wire code of the profile', async () => {
      const codes = [...new Set(app.app.get<ApiEdgeOptions>(ApiEdgeOptions).catalogue.entries().map((e) => e.code))].sort();
      const page = await open(base, '/docs/errors');
      const listed = await page.$$eval('tbody tr td:first-child code', (cells) => cells.map((c) => c.textContent ?? ''));
      expect([...new Set(listed)].sort()).toEqual(codes);
      await screenshot(page, `${profile.name}-error-codes`);
      await page.close();
      expect(foreign).toEqual([]);
    }, 30_000);

    async function screenshot(page: Page, name: string): Promise<void> {
      const png = await page.screenshot({ type: 'png' });
      // PNG signature and IHDR size: the viewport, 1200x900.
      expect([Buffer.from(png).readUInt32BE(16), Buffer.from(png).readUInt32BE(20)]).toEqual([1200, 900]);
      if (process.env.DOCS_SCREENSHOTS === '1' && SCREENSHOT_PROFILES.has(profile.name)) writeFileSync(join('docs', 'images', `${name}.png`), png);
    }
  });
});
