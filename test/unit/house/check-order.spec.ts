import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFTER_CHECKS, CHECK_ORDER } from '../../../lib/guards/check-order.js';

const root = join(__dirname, '..', '..', '..');

/** The first paragraph of `text` after `heading` that contains an arrow, split into its steps. */
function flowLine(file: string, heading: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const at = text.indexOf(`\n${heading}\n`);
  if (at === -1) throw new Error(`${file} has no heading "${heading}"`);
  const paragraph = text
    .slice(at + heading.length + 2)
    .split(/\n\s*\n/)
    .find((p) => p.includes(' → ') && !p.startsWith('```'));
  if (paragraph === undefined) throw new Error(`${file} has no flow line under "${heading}"`);
  return paragraph
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '')
    .split(' → ');
}

// A step may carry a parenthetical explanation after its name: "authentication (API key / JWT)".
function matches(step: string, name: string): boolean {
  return step === name || step.startsWith(`${name} (`);
}

describe('CHECK_ORDER against the documents', () => {
  it.each([
    ['README.md', '## The checks'],
    ['docs/architecture.md', '## The flow of one request'],
  ])('%s shows the checks in CHECK_ORDER, then idempotency', (file, heading) => {
    const steps = flowLine(file, heading);
    expect(steps.length).toBe(CHECK_ORDER.length + 1);
    const mismatches = CHECK_ORDER.flatMap((name, i) => (matches(steps[i] as string, name) ? [] : [`${i}: "${steps[i]}" is not "${name}"`]));
    expect(mismatches).toEqual([]);
    expect(steps[CHECK_ORDER.length]).toBe(AFTER_CHECKS);
  });

  it('names every step once', () => {
    expect(new Set(CHECK_ORDER).size).toBe(CHECK_ORDER.length);
    expect(CHECK_ORDER[0]).toBe('request id');
  });
});
