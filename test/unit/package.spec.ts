import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';

const root = join(__dirname, '..', '..');
const NEST_RANGE = '^11.0.0 || ^12.0.0';

/** Every file under `dir` (relative to the repo root, posix separators). */
function walk(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

interface PackFile {
  readonly path: string;
  readonly size: number;
}

/**
 * What `npm pack` would put in the tarball, from the built tree (`npm test` builds before Jest).
 * The source-map rule of the package: every map ships the sources it points to (lib/**), so
 * "Go to Definition" and `--enable-source-maps` land in the real TypeScript with its JSDoc.
 */
describe('the published package (npm pack --dry-run)', () => {
  let files: string[];
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  beforeAll(() => {
    if (!existsSync(join(root, 'dist/lib/index.js'))) {
      throw new Error('Cannot list the package because dist/lib is not built. Fix: run `npm run build` first (npm test does).');
    }
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [report] = JSON.parse(out) as Array<{ name: string; files: PackFile[] }>;
    files = report!.files.map((file) => file.path).sort();
  }, 60_000);

  it('ships LICENSE (MIT), README.md, CHANGELOG.md, package.json and every docs/ page', () => {
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']) expect(files).toContain(file);
    const docs = walk('docs');
    expect(docs.length).toBeGreaterThan(0);
    expect(files.filter((file) => file.startsWith('docs/'))).toEqual(docs.sort());
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} nest-api-edge contributors\n/);
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toMatch(/## \[0\.2\.0\] — unreleased[\s\S]*## \[0\.1\.0\]/);
  });

  it('ships the CommonJS build with its types, marked CommonJS by dist/lib/package.json', () => {
    for (const file of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/client/index.js', 'dist/lib/client/index.d.ts', 'dist/lib/package.json']) {
      expect(files).toContain(file);
    }
    expect(JSON.parse(readFileSync(join(root, 'dist/lib/package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    // Every module has its declarations.
    const js = files.filter((file) => file.startsWith('dist/lib/') && file.endsWith('.js'));
    expect(js.filter((file) => !files.includes(file.replace(/\.js$/, '.d.ts')))).toEqual([]);
  });

  it('ships nothing but the library: no sample app, bench, tests, scripts, CI or build info', () => {
    const allowed = /^(LICENSE|README\.md|CHANGELOG\.md|package\.json|docs\/.+|dist\/lib\/.+\.(js|d\.ts|js\.map|d\.ts\.map)|dist\/lib\/package\.json|lib\/.+\.ts|lib\/package\.json)$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    expect(files.filter((file) => /^(dist\/(sample-app|bench)|sample-app|bench|test|scripts|\.ci)\//.test(file))).toEqual([]);
  });

  it('has no dangling source map: every map points at sources that ship, and every source of lib/ ships', () => {
    const maps = files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const dangling: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const target = relative(root, join(root, dirname(map), source)).split('\\').join('/');
        if (!files.includes(target)) dangling.push(`${map} → ${target}`);
      }
    }
    expect(dangling).toEqual([]);
    expect(files.filter((file) => file.startsWith('lib/'))).toEqual(walk('lib').sort());
  });

  it('declares where it lives, the Node it needs, and peer ranges for Nest 11 and 12', () => {
    expect(pkg).toMatchObject({
      name: 'nest-api-edge',
      license: 'MIT',
      repository: { type: 'git', url: 'git+https://github.com/nest-api-edge/nest-api-edge.git' },
      homepage: 'https://github.com/nest-api-edge/nest-api-edge#readme',
      bugs: { url: 'https://github.com/nest-api-edge/nest-api-edge/issues' },
      engines: { node: '>=20.19' },
    });
    expect(pkg.peerDependencies).toMatchObject({
      '@nestjs/common': NEST_RANGE,
      '@nestjs/core': NEST_RANGE,
      '@nestjs/jwt': NEST_RANGE,
      // 6.6.0 is the first @nestjs/throttler whose peers take Nest 12; 6.x takes Nest 11.
      '@nestjs/throttler': '^6.7.0',
    });
    for (const optional of ['@nestjs/jwt', 'ioredis', 'class-validator', 'class-transformer']) {
      expect(pkg.peerDependenciesMeta[optional]).toEqual({ optional: true });
    }
  });

  it('points every exports, main, types and typesVersions target at a file that ships', () => {
    const targets: string[] = [pkg.main, pkg.types];
    for (const value of Object.values(pkg.exports) as Array<string | Record<string, string>>) {
      targets.push(...(typeof value === 'string' ? [value] : Object.values(value)));
    }
    for (const paths of Object.values(pkg.typesVersions['*']) as string[][]) targets.push(...paths);
    expect(targets.map((target) => posix.normalize(target)).filter((target) => !files.includes(target))).toEqual([]);
    expect(Object.keys(pkg.exports)).toEqual(['.', './client', './package.json']);
  });

  it('has no JSDoc pointing at a DESIGN.md the package does not ship', () => {
    const offenders = walk('lib').filter((file) => readFileSync(join(root, file), 'utf8').includes('DESIGN.md'));
    expect(offenders).toEqual([]);
  });
});
