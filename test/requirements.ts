import fs from 'node:fs';
import { beforeEach, type TestContext } from 'vitest';

/**
 * What some tests need that a machine may lack: Debian's Chromium, and the public schemas in
 * ../shared. A test that needs one skips where it is absent, and says why: the reason is its skip
 * note, which test/skipped-reporter.ts prints under the run's summary.
 *
 * AITM_TEST_WITHOUT (a comma-separated list: chromium, shared) makes them count as absent, to see
 * what a machine without them runs.
 */
const without = new Set((process.env['AITM_TEST_WITHOUT'] ?? '').split(',').filter(Boolean));

export const chromiumPath = '/usr/bin/chromium';

/** Why a test that needs Chromium cannot run here, or undefined when it can. */
export const chromiumAbsent = fs.existsSync(chromiumPath) && !without.has('chromium') ? undefined : `${chromiumPath} is absent (Debian's chromium package)`;

/** Why a test that needs this file of ../shared cannot run here, or undefined when it can. */
export function sharedAbsent(file: string): string | undefined {
  return fs.existsSync(file) && !without.has('shared') ? undefined : `${file} is absent (../shared sits beside a clone in CI)`;
}

/** In a describe block: each of its tests skips, with `reason` as its note, when `reason` is set. */
export function skipAllIf(reason: string | undefined): void {
  beforeEach((context) => {
    if (reason) context.skip(reason);
  });
}

/** In a test: skip it, with `reason` as its note, when `reason` is set. */
export function skipIf(context: TestContext, reason: string | undefined): void {
  if (reason) context.skip(reason);
}
