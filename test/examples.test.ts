import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { load } from '../src/node/load.js';

/**
 * Every bundled example is clean (no diagnostic at all, from the language or the analysis), and the
 * analysis finds what a security reviewer would expect there — and not what does not apply.
 */
const examples = fs.readdirSync('examples').filter((f) => f.endsWith('.aitm'));

function analysed(name: string) {
  const loaded = load(`examples/${name}`);
  const result = analyze(loaded.model, { asOf: '2026-11-27' });
  const status = (threat: string, target: string) => result.findings.find((f) => f.threat === threat && f.target.id === target)?.status;
  return { loaded, result, status };
}

describe.each(examples)('%s', (name) => {
  it('is clean under check', () => {
    const { loaded, result } = analysed(name);
    expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});

describe('well-run systems (issue 15): the controls the docs recommend leave at most one open finding', () => {
  it.each([
    ['hardened-rag-assistant.aitm', ['supply-chain.namespace-hijack on embedder']],
    ['mcp-agent.aitm', []],
  ])('%s', (name, expected) => {
    const { result } = analysed(name);
    const open = result.findings.filter((f) => f.status === 'open').map((f) => `${f.threat} on ${f.target.id}`);
    expect(open.length).toBeLessThanOrEqual(1);
    expect(open).toEqual(expected);
    // They are not empty of threats: the catalog applies, and the controls handle it.
    expect(result.summary.mitigated).toBeGreaterThan(10);
  });
});

describe.each(examples)('every finding in %s explains itself', (name) => {
  it('in one sentence naming its target, with the path of each fact that has one', () => {
    const { result } = analysed(name);
    for (const f of result.findings) {
      expect(f.explanation, f.fingerprint).toMatch(new RegExp(`^${f.target.kind} \`${f.target.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`: .+\.$`));
      expect(f.explanation.slice(0, -1), f.fingerprint).not.toMatch(/\.\s/);
      for (const fact of f.evidence.facts) {
        if (fact.path.length > 1) expect(f.explanation, `${f.fingerprint} ${fact.predicate}`).toContain(fact.path.at(-1)!.id);
      }
    }
  });
});

describe('findings a reviewer expects', () => {
  it('RAG support assistant: direct and indirect injection, the lethal trifecta, provider disclosure', () => {
    const { status } = analysed('rag-support-assistant.aitm');
    // Content filtering on the orchestrator and the team's red-teaming practice, declared once for the system.
    expect(status('prompt-injection.direct', 'assistant')).toBe('mitigated');
    // Logging, monitoring and incident response come from the system's practices.
    expect(status('monitoring.missing-inference-logging', 'llm')).toBe('mitigated');
    // The chat API's rate limit and quota sit on every way in to the orchestrator.
    expect(status('availability.denial-of-wallet', 'assistant')).toBe('mitigated');
    expect(status('prompt-injection.indirect', 'assistant')).toBe('mitigated');
    expect(status('exfiltration.lethal-trifecta', 'assistant')).toBe('open');
    // The chat widget renders the assistant's markdown answers, and filters their links and images.
    expect(status('exfiltration.rendered-output', 'assistant')).toBe('mitigated');
    expect(status('privacy.external-provider', 'complete')).toBe('mitigated');
    expect(status('rag-poisoning.vector-store', 'index')).toBe('accepted');
    // Refunds need a person's approval, so unapproved agency does not apply.
    expect(status('excessive-agency.no-approval', 'assistant')).toBeUndefined();
    // A hosted LLM's weights are not ours to steal.
    expect(status('model-extraction.query', 'llm')).toBeUndefined();
  });

  it('agent with tools: the trifecta, third-party tool poisoning, tool-result injection', () => {
    const { status } = analysed('agent-with-tools.aitm');
    expect(status('exfiltration.lethal-trifecta', 'opsbot')).toBe('open');
    expect(status('supply-chain.poisoned-tool', 'incidents')).toBe('accepted');
    expect(status('supply-chain.poisoned-tool', 'github')).toBe('open');
    expect(status('prompt-injection.tool-result', 'fetch')).toBe('mitigated');
    expect(status('memory-poisoning.agent', 'opsbot')).toBe('mitigated');
    expect(status('supply-chain.backdoored-weights', 'coder')).toBe('open');
  });

  it('fraud detection pipeline: label flipping, evasion, extraction and privacy on a score-returning classifier', () => {
    const { status } = analysed('fraud-detection-pipeline.aitm');
    expect(status('data-poisoning.label-flipping', 'labelled_txns')).toBe('mitigated');
    expect(status('evasion.adversarial-examples', 'fraud_model')).toBe('mitigated');
    expect(status('model-extraction.logits', 'fraud_model')).toBe('planned');
    expect(status('privacy.membership-inference', 'fraud_model')).toBe('accepted');
    expect(status('privacy.model-inversion', 'fraud_model')).toBe('open');
    // A classifier: no LLM threats.
    expect(status('jailbreak.safety-bypass', 'fraud_model')).toBeUndefined();
    expect(status('prompt-injection.direct', 'scorer')).toBeUndefined();
  });

  it('fine-tuning service: unsafe serialization, fine-tuning poisoning, memorization', () => {
    const { status } = analysed('fine-tuning-service.aitm');
    expect(status('supply-chain.unsafe-serialization', 'base_model')).toBe('planned');
    expect(status('data-poisoning.fine-tuning', 'tenant_sets')).toBe('accepted');
    expect(status('privacy.memorization', 'tenant_model')).toBe('mitigated');
    expect(status('data-provenance.unverified', 'tenant_sets')).toBe('open');
    expect(status('supply-chain.model-hub-dependency', 'pull_base')).toBe('mitigated');
  });
});
