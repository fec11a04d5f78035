import type { ModulesContainer } from '@nestjs/core';
import { optionError } from './options/option-checks.js';

/**
 * Refuses an application that imports `ApiEdgeModule.forRoot()` / `forRootAsync()` more than once.
 *
 * Why: every import is a module instance of its own, with its own global guard, filter, store and
 * key cache, so a second import (say in a feature module) would check, count and answer every
 * request twice with two sets of options, silently. The count is per application: it reads that
 * application's `ModulesContainer`, so two apps in one process (tests) each import once and both
 * start. One dynamic module object imported from two places is one instance and passes.
 *
 * @param modules the application's modules (Nest's `ModulesContainer`).
 * @param edgeModule the `ApiEdgeModule` class (passed in, so this file does not import the module file).
 */
export function assertSingleApiEdgeImport(modules: ModulesContainer, edgeModule: abstract new (...args: never[]) => unknown): void {
  const instances = [...modules.values()].filter((module) => module.metatype === edgeModule);
  if (instances.length <= 1) return;
  // The importing modules cannot be named: Nest adds a global module to every module's imports.
  throw optionError(
    'import ApiEdgeModule twice',
    `this application imports ApiEdgeModule.forRoot()/forRootAsync() ${instances.length} times, and each import runs its own global guard, filter and store, so every request would be checked and counted once per import`,
    'import it once, in the root module (it is global by default, so every module sees its providers and decorators), and remove the other imports',
  );
}
