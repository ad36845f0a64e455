import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

/**
 * Issue 16: `aitm check` on many models checks them on worker threads (the executable only: the
 * built bundle starts itself as a worker), with the same output and exit code as one after another.
 */
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/aitm.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('aitm check --jobs', () => {
  it.each([
    [['check', 'examples']],
    [['check', '--format', 'json', 'examples']],
    [['check', '--fail-on', 'high', 'examples', 'test/cli/fixtures']],
    [['check', '--strict', '--quiet', 'examples/*.aitm']],
  ])('writes the same, byte for byte, on threads as one after another: %j', (args) => {
    const sequential = cli([...args, '--jobs', '1']);
    const threaded = cli([...args, '--jobs', '3']);
    expect(sequential.stdout.length).toBeGreaterThan(0);
    // The summary says the models were checked on threads; nothing else differs.
    const text = args.includes('json') || args.includes('--quiet');
    if (!text) expect(threaded.stdout).toMatch(/^checked \d+ models on 3 threads: /m);
    expect({ ...threaded, stdout: threaded.stdout.replace(' on 3 threads', '') }).toEqual(sequential);
  });

  it('ends a run over several models with one summary, and one exit code for all of them', () => {
    const r = cli(['check', '--fail-on', 'critical', 'examples', 'test/cli/fixtures/broken.aitm', '--jobs', '2']);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^checked 7 models on 2 threads: 6 clean, 1 with errors; \d+ open findings \(/);
    // The broken model's errors decide: 2 outranks the findings' 1.
    expect(r.code).toBe(2);
  });

  it('counts in words that agree with their number', () => {
    // The two well-run examples have one open finding between them (test/examples.test.ts).
    const r = run(['check', '--as-of', '2026-12-05', 'examples/hardened-rag-assistant.aitm', 'examples/mcp-agent.aitm']);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('checked 2 models: 2 clean, 0 with errors; 1 open finding (1 medium)');
  });

  it('refuses a job count that is not a whole number of at least 1', () => {
    expect(run(['check', '--jobs', '0', 'examples']).stderr).toBe('aitm: --jobs takes a whole number of at least 1, not `0`\n');
    expect(run(['check', '--jobs', 'many', 'examples']).code).toBe(2);
  });
});
