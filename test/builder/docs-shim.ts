/**
 * What `from 'aitm'` means in the docs example under test: the package's entry point, with
 * `defineSystem` wrapped to keep what it returned, so the test can compare it with the docs.
 */
import { defineSystem as define, type BuiltSystem } from '../../src/index.js';

export * from '../../src/index.js';

export const built: BuiltSystem[] = [];

export const defineSystem: typeof define = ((...args: Parameters<typeof define>) => {
  const result = (define as (...a: Parameters<typeof define>) => BuiltSystem)(...args);
  built.push(result);
  return result;
}) as typeof define;
