import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_CATALOGUE } from '../../lib/index.js';

const readme = readFileSync(new URL('../../README.md', `file://${__filename}`), 'utf8');

describe('README', () => {
  it('starts with the two commands a newcomer runs', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm ci && npm test');
  });

  it.each(Object.entries(BUILT_IN_CATALOGUE))('lists the built-in entry %s with its status and type', (key, entry) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
    expect(row).toBeDefined();
    const cells = (row as string).split('|').map((cell) => cell.trim());
    expect(cells[2]).toBe(String(entry.status));
    expect(cells[3]).toBe(entry.type);
    expect(cells[4]?.startsWith('retryable' in entry && entry.retryable ? 'yes' : 'no')).toBe(true);
    expect(cells[5]).toBe(entry.message);
  });
});
