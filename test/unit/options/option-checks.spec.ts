import { describe, expect, it } from '@jest/globals';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { deepFreeze } from '../../../lib/options/deep-freeze.js';
import { checkOptionalBoolean, checkOptionalEnum, checkSectionObject, optionError } from '../../../lib/options/option-checks.js';
import { ApiEdgeOptions, resolveApiEdgeOptions } from '../../../lib/api-edge.options.js';
import { MaintenanceSwitch } from '../../../lib/guards/maintenance.switch.js';

describe('option checks', () => {
  it('words every error "Cannot X because Y. Fix: Z."', () => {
    const error = optionError('use a.b 3', 'it is not a boolean', 'pass true or false');
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect(error.message).toBe('Cannot use a.b 3 because it is not a boolean. Fix: pass true or false.');
    expect(() => checkOptionalBoolean('yes', 'a.b')).toThrow(new OptionsConfigurationError('Cannot use a.b yes because it is not a boolean. Fix: pass true or false.'));
    expect(() => checkOptionalBoolean(undefined, 'a.b')).not.toThrow();
    expect(() => checkOptionalEnum('x', ['allow', 'reject'], 'a.c', "pass 'allow' or 'reject'")).toThrow('Cannot use a.c "x" because it is not a known rule. Fix: pass \'allow\' or \'reject\'.');
    expect(() => checkSectionObject(3, 'plans', 'plans: { provider }')).toThrow('Cannot read the plans options because they are not an object. Fix: pass plans: { provider }.');
  });
});

describe('deepFreeze', () => {
  it('freezes plain objects and arrays, and leaves class instances, maps and ports alone', () => {
    const port = { findByHash: (): null => null, calls: 0 };
    const map = new Map([['a', 1]]);
    const value = deepFreeze({ a: { b: [1, { c: 2 }] }, map, sw: new MaintenanceSwitch(), port });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
    expect(Object.isFrozen(value.map)).toBe(false);
    expect(Object.isFrozen(value.sw)).toBe(false);
    expect(Object.isFrozen(value.port)).toBe(false);
  });
});

describe('resolveApiEdgeOptions', () => {
  it('resolves every section once into frozen, typed fields, and leaves the caller object as given', () => {
    const input = { workspace: { resolver: { resolve: () => ({ status: 'none' as const }) } }, signature: { toleranceSeconds: 60 } };
    const options = resolveApiEdgeOptions(input);
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.signature)).toBe(true);
    expect(options.signature.toleranceMs).toBe(60_000);
    expect(options.signature.given).toBe(true);
    expect(options.workspace?.headerLower).toBe('x-workspace-id');
    expect(options.maintenance).toBeNull();
    expect(options.plans).toBeNull();
    expect(options.apiKeys).toBeNull();
    expect(options.ipAllowlist.given).toBe(false);
    expect(options.rateLimit).toBeNull();
    expect(options.bruteForce).toBeNull();
    // No raw copy of the caller's object: every reader uses the resolved sections.
    expect(Object.keys(options)).not.toContain('input');
    expect(Object.isFrozen(input)).toBe(false);
  });

  it('fails the start on a wrong section, with the message of that section', () => {
    expect(() => resolveApiEdgeOptions({ maintenance: { enabled: 'yes' as unknown as boolean } })).toThrow(
      'Cannot use maintenance.enabled yes because it is not a boolean. Fix: pass true or false.',
    );
  });
});

describe('module switches given where they cannot work', () => {
  it('fails the start when a forRootAsync factory returns globalGuard', async () => {
    const { Test } = await import('@nestjs/testing');
    const { ApiEdgeModule } = await import('../../../lib/api-edge.module.js');
    const building = Test.createTestingModule({
      imports: [ApiEdgeModule.forRootAsync({ useFactory: () => ({ globalGuard: false }) as never })],
    }).compile();
    await expect(building).rejects.toThrow(
      'Cannot use globalGuard inside the options because it is a module switch, read before a forRootAsync factory runs. Fix: pass it beside useFactory: ApiEdgeModule.forRootAsync({ globalGuard: …, useFactory }).',
    );
  });

  it('still takes the switches beside the options in forRoot', async () => {
    const { Test } = await import('@nestjs/testing');
    const { ApiEdgeModule } = await import('../../../lib/api-edge.module.js');
    const moduleRef = await Test.createTestingModule({ imports: [ApiEdgeModule.forRoot({ globalGuard: false, envelope: 'flat' })] }).compile();
    expect(moduleRef.get<{ envelope: unknown }>(ApiEdgeOptions).envelope).toBeDefined();
    await moduleRef.close();
  });
});
