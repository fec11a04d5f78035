import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderCatalogueDocs } from '../../lib/index.js';
import { sampleCatalogue } from '../../sample-app/errors/sample-catalogue.js';

const run = promisify(execFile);
const cli = join(__dirname, '../../dist/lib/cli/nest-api-edge.js');
const catalogueModule = 'dist/sample-app/errors/sample-catalogue.js';
const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { bin?: Record<string, string> };

/** Runs the built CLI under plain Node, as `npx nest-api-edge` does; resolves even on failure. */
async function nestApiEdge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(cli)) throw new Error(`Cannot find ${cli} because the project is not built. Fix: run \`npm run build\` first (npm test does).`);
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: join(__dirname, '../..') });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npx nest-api-edge docs (the built CLI as a child process)', () => {
  it('is the package bin', () => {
    expect(pkg.bin).toEqual({ 'nest-api-edge': './dist/lib/cli/nest-api-edge.js' });
  });

  it('prints the catalogue of a built module as Markdown, byte for byte what renderCatalogueDocs renders', async () => {
    const res = await nestApiEdge('docs', '--format', 'md', '--catalogue', `${catalogueModule}#sampleCatalogue`, '--title', 'Sample errors', '--docs-base-url', 'https://docs.example.com/errors');
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(res.stdout).toBe(renderCatalogueDocs(sampleCatalogue, { format: 'md', title: 'Sample errors', docsBaseUrl: 'https://docs.example.com/errors' }));
    for (const entry of sampleCatalogue.entries()) expect(res.stdout).toContain(`<a id="${entry.docs}"></a>`);
  });

  it('writes an HTML page to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nest-api-edge-docs-'));
    try {
      const out = join(dir, 'errors.html');
      const res = await nestApiEdge('docs', '--format', 'html', '--catalogue', `${catalogueModule}#sampleCatalogue`, '--out', out);
      expect({ code: res.code, stdout: res.stdout, stderr: res.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
      const html = readFileSync(out, 'utf8');
      expect(html).toBe(renderCatalogueDocs(sampleCatalogue, { format: 'html' }));
      for (const entry of sampleCatalogue.entries()) expect(html).toContain(`id="${entry.docs}"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to fix a module without a catalogue export, an unknown format and a missing module', async () => {
    const noExport = await nestApiEdge('docs', '--format', 'md', '--catalogue', catalogueModule);
    expect(noExport.code).toBe(1);
    expect(noExport.stderr).toMatch(/^Cannot find a catalogue in .*sample-catalogue\.js because "catalogue" and "default" are not a defineCatalogue\(\) result \(it exports .*sampleCatalogue.*\)\. Fix: pass <module>#<exportName> naming the export of your catalogue\.\n$/);
    const badFormat = await nestApiEdge('docs', '--format', 'pdf', '--catalogue', catalogueModule);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr.split('\n')[0]).toBe('Cannot render format "pdf" because only md and html exist. Fix: pass --format md or --format html.');
    const missing = await nestApiEdge('docs', '--catalogue', 'dist/nope.js');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Cannot load the catalogue module .*dist\/nope\.js because .*\. Fix: build the app first and pass the path of the built \.js file\.\n$/);
  });
});
