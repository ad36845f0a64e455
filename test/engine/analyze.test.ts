import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze, type AnalyzeOptions } from '../../src/engine/analyze.js';
import { ids, model } from '../helpers.js';

const sample = { name: 'sample-catalog.json', text: fs.readFileSync('test/engine/fixtures/sample-catalog.json', 'utf8') };
const options: AnalyzeOptions = { builtin: false, catalogs: [sample], asOf: '2026-11-27' };

/** An agent fed by an outside attacker, reading confidential data, able to execute without approval. */
const base = `
data rec { classification: confidential }
boundary net { trust: untrusted
  actor attacker
}
boundary app { trust: internal
  agent bot { autonomy: supervised }
  store crm { holds: [rec] }
  tool shell { effect: execute }
}
flow attacker -> bot
flow crm -> bot
flow bot -> shell
`;

const run = (extra = '', text = base) => analyze(model(text + extra), options);
const injection = (extra = '', text = base) => run(extra, text).findings.find((f) => f.threat === 'test.injection');

describe('a finding', () => {
  it('names the threat and target, rates it, and explains why with paths', () => {
    const f = injection()!;
    expect(f).toMatchObject({
      threat: 'test.injection',
      title: 'Injected agent acts',
      category: 'injection',
      stage: 'design',
      target: { type: 'element', id: 'bot', kind: 'agent', label: 'bot' },
      likelihood: 'high',
      impact: 'critical',
      severity: 'critical',
      status: 'open',
      statusReason: 'no mitigation is in place',
      references: { atlas: ['AML.T0051.001'], owaspLlm: ['LLM01:2025'] },
    });
    expect(f.target.span).toMatchObject({ file: 'test.aitm', line: 8, column: 9 });
    // The whole attack path: the way in, then on to the tool the agent can make act.
    expect(ids(f.evidence.path)).toBe('attacker > attacker->bot > bot > bot->shell > shell');
    expect(f.explanation).toBe(
      'agent `bot`: content an outsider controls reaches it (attacker → bot) and it can cause a call to a tool with a `write`, `execute` or `financial` effect, that nobody approves (bot → shell).',
    );
    expect(f.evidence.facts.map((x) => [x.predicate, ids(x.path)])).toEqual([
      ['receives-untrusted-content', 'attacker > attacker->bot > bot'],
      ['reaches-tool', 'shell > bot->shell > bot'],
    ]);
    expect(f.evidence.path[1]?.span.line).toBe(12);
    expect(f.evidence.raised).toEqual(['impact raised: sensitive data', 'likelihood raised: reachable from an untrusted boundary']);
    expect(f.missingMitigations.map((m) => m.controls)).toEqual([['fence'], ['approve', 'sandbox']]);
  });

  it('does not fire where its condition fails', () => {
    expect(injection('', base.replace('effect: execute', 'effect: execute, approval: human'))).toBeUndefined();
    expect(injection('', base.replace('flow attacker -> bot\n', ''))).toBeUndefined();
  });

  it('is mitigated by the controls of one complete group, on the target or on its evidence path', () => {
    expect(injection('', base.replace('agent bot {', 'agent bot { controls: [fence],'))).toMatchObject({
      status: 'mitigated',
      statusReason: 'mitigated by `fence` on `bot`',
      presentControls: ['fence'],
      missingMitigations: [],
    });
    expect(injection('', base.replace('flow attacker -> bot', 'flow attacker -> bot { controls: [fence] }'))?.status).toBe('mitigated');
    const partial = injection('', base.replace('tool shell {', 'tool shell { controls: [sandbox],'))!;
    expect(partial.status).toBe('open');
    expect(partial.missingMitigations.map((m) => m.controls)).toEqual([['fence'], ['approve']]);
  });

  it('takes its status from a disposition', () => {
    const cases: [string, string, string][] = [
      ['mitigate test.injection on bot { by: "allow-list" }', 'mitigated', 'mitigated: allow-list'],
      ['mitigate test.injection on bot { by: "allow-list", status: verified }', 'mitigated', 'mitigated: allow-list'],
      ['mitigate test.injection on bot { by: "allow-list", status: planned }', 'planned', 'mitigation planned: allow-list'],
      ['mitigate test.injection on bot { by: "x", status: in_progress }', 'planned', 'mitigation in progress: x'],
      ['accept test.injection on bot { reason: "pilot", owner: "ciso", expires: 2027-01-01 }', 'accepted', 'accepted by ciso until 2027-01-01: pilot'],
      ['dismiss test.injection on bot { reason: "shell is a mock" }', 'dismissed', 'dismissed: shell is a mock'],
      ['dismiss test.injection on app { reason: "lab" }', 'dismissed', 'dismissed: lab'],
    ];
    for (const [disposition, status, reason] of cases) {
      const result = run(disposition);
      const f = result.findings.find((x) => x.threat === 'test.injection')!;
      expect([f.status, f.statusReason]).toEqual([status, reason]);
      expect(f.disposition?.kind).toBe(disposition.split(' ')[0]);
      expect(result.diagnostics).toEqual([]);
    }
  });

  it('re-opens an expired acceptance and says so', () => {
    const result = run('accept test.injection on bot { reason: "pilot", owner: "ciso", expires: 2026-11-26 }');
    const f = result.findings.find((x) => x.threat === 'test.injection')!;
    expect([f.status, f.statusReason]).toEqual(['open', 'acceptance expired on 2026-11-26']);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span?.line])).toEqual([
      ['AITM603', 'the acceptance of `test.injection` on `bot` expired on 2026-11-26', 15],
    ]);
    // The same acceptance is still valid the day it expires.
    expect(analyze(model(base + 'accept test.injection on bot { reason: "p", owner: "c", expires: 2026-11-27 }'), options).findings[0]?.status).toBe(
      'accepted',
    );
  });
});

describe('analysis diagnostics', () => {
  it.each([
    ['mitigate test.injectoin on bot { by: "x" }', 'AITM601', 'unknown threat `test.injectoin`', 'did you mean `test.injection`?'],
    ['mitigate test.injection on crm { by: "x" }', 'AITM602', '`test.injection` does not apply to `crm`', undefined],
  ])('%s → %s', (extra, code, message, help) => {
    const [d, ...rest] = run(extra).diagnostics;
    expect(rest).toEqual([]);
    expect([d?.code, d?.message, d?.help]).toEqual([code, message, help ?? d?.help]);
    expect(d?.span?.line).toBe(15);
  });

  it('warns about an unknown control with a suggestion', () => {
    const [d] = run('', base.replace('agent bot {', 'agent bot { controls: [fense],')).diagnostics;
    expect([d?.code, d?.message, d?.help, d?.span?.line]).toEqual(['AITM600', 'unknown control `fense`: no catalog declares it, so it mitigates nothing', 'did you mean `fence`?', 8]);
  });

  it('disables threats by id, and reports an unknown one', () => {
    const result = analyze(model(base), { ...options, disable: ['test.injection', 'test.nope'] });
    expect(result.findings.map((f) => f.threat)).not.toContain('test.injection');
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['AITM604', 'cannot disable unknown threat `test.nope`']]);
  });
});

describe('determinism and identity', () => {
  it('orders findings by severity, threat and target, and gives byte-identical results run to run', () => {
    const text = base + 'flow bot -> crm\n';
    const a = JSON.stringify(analyze(model(text), options));
    const b = JSON.stringify(analyze(model(text), options));
    expect(a).toBe(b);
    const findings = analyze(model(text), options).findings;
    expect(findings.map((f) => `${f.severity} ${f.threat} ${f.target.id}`)).toEqual([
      'critical test.injection bot',
      'low test.cleartext attacker->bot',
    ]);
  });

  it('keeps fingerprints when the file is reformatted and reordered', () => {
    const reordered = `flow bot -> shell\nflow crm -> bot\nflow attacker -> bot\n` + base.split('flow ')[0]!.replace(/\n/g, '\n\n  ');
    const fingerprints = (text: string) =>
      analyze(parse(`system "T" {}\n${text}`).model, options)
        .findings.map((f) => f.fingerprint)
        .sort();
    expect(fingerprints(reordered)).toEqual(fingerprints(base));
    expect(fingerprints(base)).toHaveLength(2);
  });

  it('shows the same attack path whatever order its catalog lists the conditions in', () => {
    // Neither fact is a way in or a way out: the path is the longer of the two, in either order.
    const conditions = [
      { predicate: 'flow-end', args: { end: 'target', llm: true } },
      { predicate: 'carries-data', args: { origin: ['untrusted'] } },
    ];
    const catalog = (when: object[]) => {
      const json = JSON.parse(sample.text);
      json.threats = [{ ...json.threats[1], id: 'test.order', targets: ['flow'], when: { all: when } }];
      return { ...options, catalogs: [{ name: 'order.json', text: JSON.stringify(json) }] };
    };
    const text = `data doc { origin: untrusted }
boundary app { trust: internal
  store index { holds: [doc] }
  agent bot
  model llm { type: llm }
}
flow index -> bot { carries: [doc] }
flow bot -> llm { carries: [doc] }
`;
    const paths = [conditions, [...conditions].reverse()].map((when) => analyze(model(text), catalog(when)).findings.map((f) => `${f.target.id}: ${ids(f.evidence.path)}`));
    expect(paths[0]).toEqual(['bot->llm: index > index->bot > bot > bot->llm > llm']);
    expect(paths[1]).toEqual(paths[0]);
  });
});

describe('mitigation plan and guideline coverage', () => {
  it('ranks the controls that close the most open risk per control first', () => {
    const result = run('', base + 'flow attacker -> shell\n');
    expect(result.plan.map((p) => [p.controls.join('+'), p.risk, p.closes.length])).toEqual([
      ['fence', 8, 1],
      ['approve+sandbox', 8, 1],
      ['tls', 2, 2],
    ]);
  });

  it('reports each guideline with declared practices and open threats', () => {
    const result = run();
    const design3 = result.coverage.find((c) => c.id === 'DESIGN-3')!;
    expect(design3).toMatchObject({ status: 'gap', openThreats: ['test.injection'], practices: [] });
    const covered = analyze(parse(`system "T" { practices: [secure_design_review] }\n${base}`).model, options);
    expect(covered.coverage.find((c) => c.id === 'DESIGN-3')).toMatchObject({ status: 'partial', practices: ['secure_design_review'] });
    expect(result.coverage).toHaveLength(17);
  });
});
