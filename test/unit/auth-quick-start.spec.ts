import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { compileFiles, docBlocks, ROOT, scratchApp, snippetFileName } from '../support/doc-snippets.js';

// tsc over Nest's types, then a Nest start, on a busy machine.
jest.setTimeout(180_000);

const SECTION = 'Quick start (paste-ready, in-memory key store)';
const quickStart = docBlocks(readFileSync(join(ROOT, 'docs/authentication.md'), 'utf8')).filter((b) => b.section === SECTION);
const sources = quickStart.filter((b) => b.lang === 'ts');
const shell = quickStart.find((b) => b.lang === 'bash');
/** The documented lines: each curl line and the answer written under it. */
const documented = (() => {
  const lines = (shell?.code ?? '').trimEnd().split('\n');
  return lines.flatMap((line, i) => (line.startsWith('curl ') ? [{ command: line, answer: (lines[i + 1] ?? '').replace(/^# → /, '') }] : []));
})();

/** A printed line as the docs write it: keys elided, the default port. */
const asDocumented = (line: string, port: string): string =>
  line.replace(/(msgf_(?:live|team)_)[0-9A-Za-z]+/g, '$1…').replace(`localhost:${port}`, 'localhost:3000');

/** Runs one printed line as a user would paste it into a shell; resolves to what it printed. */
async function runShell(line: string): Promise<string> {
  const child = spawn('bash', ['-c', line], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (out += String(chunk)));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`\`${line}\` exited with ${String(code)}: ${out}`);
  return out;
}

describe('docs/authentication.md quick start, as written', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let output = '';
  let port = '';

  beforeAll(async () => {
    dir = scratchApp('auth-quick-start', 'esm');
    const compiled = compileFiles(dir, 'esm', Object.fromEntries(sources.map((b, i) => [snippetFileName(b, i), b.code])), true);
    if (compiled.status !== 0) throw new Error(`The quick start does not compile:\n${compiled.output}`);
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    server = spawn(process.execPath, ['main.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolveReady, reject) => {
      const onData = (chunk: Buffer): void => {
        output += String(chunk);
        if (output.split('\n').filter((line) => line.startsWith('curl ')).length >= documented.length) resolveReady();
      };
      server?.stdout?.on('data', onData);
      server?.stderr?.on('data', onData);
      server?.once('exit', (code) => reject(new Error(`main.js exited with ${String(code)}: ${output}`)));
    });
    port = /localhost:(\d+)\//.exec(output)?.[1] ?? '';
  });

  afterAll(async () => {
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is two files (app.module.ts, main.ts) and one block of curl lines with their answers', () => {
    expect(sources.map((b, i) => snippetFileName(b, i))).toEqual(['app.module.ts', 'main.ts']);
    expect(documented).toHaveLength(6);
  });

  it('prints the two keys it minted (a personal and a team key)', () => {
    expect(output).toMatch(/\n {2}alice msgf_live_[0-9A-Za-z]{33}\n {2}team {2}msgf_team_[0-9A-Za-z]{33}\n/);
    expect(Number(port)).toBeGreaterThan(0);
  });

  it('prints the documented curl lines, with its keys and port in them', () => {
    const printed = output.split('\n').filter((line) => line.startsWith('curl '));
    expect(printed.map((line) => asDocumented(line, port))).toEqual(documented.map((d) => d.command));
  });

  it('answers each printed line from localhost with the documented answer', async () => {
    const printed = output.split('\n').filter((line) => line.startsWith('curl '));
    for (const [i, command] of printed.entries()) {
      const answer = documented[i]?.answer;
      expect({ command: asDocumented(command, port), printed: (await runShell(command)).trimEnd() }).toEqual({ command: documented[i]?.command, printed: answer });
    }
  });
});
