import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';

/**
 * Issue 19: controls on the way in keep counting. A mitigation is judged along the whole path,
 * from where the attack starts (the outside actor), not from where content is first marked
 * untrusted; a control on the way in counts only when it is on every way in; the finding says
 * where the control was found.
 */
function onModel(file: string) {
  const loaded = load(`test/engine/fixtures/path/${file}`);
  expect(loaded.diagnostics).toEqual([]);
  const { findings } = analyze(loaded.model, { asOf: '2026-12-05' });
  return (threat: string) => findings.find((f) => f.threat === threat && f.target.id === 'llm')!;
}

describe('mitigations judged along the whole path', () => {
  const onTheWay = onModel('entry-controls.aitm');

  it.each([
    [
      'model-extraction.query',
      'mitigated by `rate_limiting` on `gateway` + `query_monitoring` on `gateway`',
      'model `llm`: content an outsider controls reaches it (visitor → gateway → orchestrator → llm).',
    ],
    [
      'availability.model-dos',
      'mitigated by `rate_limiting` on `gateway` + `usage_quotas` on `gateway`',
      'model `llm`: untrusted, external or partner actors can send it requests (visitor → gateway → orchestrator → llm).',
    ],
  ])('%s on the model behind a rate-limited entry point is mitigated, though its input is marked untrusted', (threat, reason, explanation) => {
    const f = onTheWay(threat);
    expect(f.status).toBe('mitigated');
    expect(f.statusReason).toBe(reason);
    // The evidence is the whole way in, from the visitor through the gateway.
    expect(f.evidence.path.map((s) => s.id)).toEqual(['visitor', 'visitor->gateway', 'gateway', 'gateway->orchestrator', 'orchestrator', 'orchestrator->llm', 'llm']);
    expect(f.explanation).toBe(explanation);
  });

  it('does not count controls off the way in', () => {
    const elsewhere = onModel('bypass.aitm');
    expect(elsewhere('model-extraction.query').status).toBe('open');
    expect(elsewhere('availability.model-dos').status).toBe('open');
  });

  it('does not count a control that a second way in avoids, and says so', () => {
    const onModelOf = onModel('second-way-in.aitm');
    const f = onModelOf('model-extraction.query');
    expect(f.status).toBe('open');
    expect(f.statusReason).toBe(
      'no mitigation is in place (`query_monitoring` is on `gateway`, but not on every way in; `rate_limiting` is on `gateway`, but not on every way in; `usage_quotas` is on `gateway`, but not on every way in)',
    );
    expect(f.presentControls).toEqual([]);
    // The same for requests from outside actors, another fact that comes in.
    const dos = onModelOf('availability.model-dos');
    expect(dos.status).toBe('open');
    expect(dos.statusReason).toBe(
      'no mitigation is in place (`rate_limiting` is on `gateway`, but not on every way in; `usage_quotas` is on `gateway`, but not on every way in)',
    );
  });
});
