import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser and property tests do real work; the default 5 s is too tight on a 2-core CI machine.
    testTimeout: 60_000,
    // The default output, then what was skipped and why (a machine without Chromium or ../shared).
    reporters: ['default', './test/skipped-reporter.ts'],
  },
});
