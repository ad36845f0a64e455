import type { Reporter, TestModule } from 'vitest/node';

/**
 * After the run's summary, the tests that were skipped and why, so that a run on a machine without
 * Chromium or ../shared says what it did not check rather than passing with fewer tests in silence.
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped = modules.flatMap((module) =>
      [...module.children.allTests()].flatMap((test) => {
        const result = test.result();
        return result.state === 'skipped' ? [{ file: module.moduleId, name: test.fullName, note: result.note }] : [];
      }),
    );
    const text = describeSkipped(skipped, process.cwd());
    if (text) process.stdout.write(text);
  }
}

/** The skipped tests by reason: each reason, how many tests and in which files; tests skipped with no reason by name. */
export function describeSkipped(skipped: readonly { file: string; name: string; note: string | undefined }[], root: string): string {
  if (skipped.length === 0) return '';
  const relative = (file: string) => (file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file);
  const byReason = new Map<string, { count: number; files: Set<string> }>();
  const unexplained: string[] = [];
  for (const test of skipped) {
    if (!test.note) {
      unexplained.push(`${relative(test.file)} > ${test.name}`);
      continue;
    }
    const entry = byReason.get(test.note) ?? { count: 0, files: new Set() };
    entry.count++;
    entry.files.add(relative(test.file));
    byReason.set(test.note, entry);
  }
  const lines = [`\n Skipped ${skipped.length} test${skipped.length === 1 ? '' : 's'}:`];
  for (const [reason, { count, files }] of byReason) lines.push(`   ${count} because ${reason}: ${[...files].join(', ')}`);
  for (const name of unexplained) lines.push(`   ${name} (no reason given)`);
  return lines.join('\n') + '\n\n';
}
