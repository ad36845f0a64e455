import { describe, expect, it } from 'vitest';
import { predicateNames, predicates, type Target } from '../../src/catalog/predicates.js';
import { facts, ids } from '../helpers.js';

/**
 * Each predicate, where it holds (with its evidence path) and where it does not. A new predicate
 * without cases here fails the parity test at the bottom.
 */
interface Case {
  readonly model: string;
  readonly target: string;
  readonly args?: Record<string, unknown>;
  /** The evidence path as `a > flow > b`, or null when the predicate must not hold. */
  readonly expected: string | null;
}

const app = (body: string, flows = '') => `boundary net { trust: untrusted\n actor attacker }\nboundary app { trust: internal\n${body}\n}\n${flows}`;

const cases: Record<string, Case[]> = {
  'receives-untrusted-content': [
    { model: app('agent bot', 'flow attacker -> bot'), target: 'bot', expected: 'attacker > attacker->bot > bot' },
    { model: app('agent bot\nactor staff', 'flow staff -> bot'), target: 'bot', expected: null },
  ],
  'reads-sensitive-data': [
    { model: `data r { pii: true }\n${app('agent bot\nstore s { holds: [r] }', 'flow s -> bot')}`, target: 'bot', expected: 's > s->bot > bot' },
    { model: `data r { classification: public }\n${app('agent bot\nstore s { holds: [r] }', 'flow s -> bot')}`, target: 'bot', expected: null },
  ],
  'can-send-externally': [
    { model: app('agent bot\ntool web { effect: network }', 'flow bot -> web'), target: 'bot', expected: 'web > bot->web > bot' },
    { model: app('agent bot\ntool db { effect: write }', 'flow bot -> db'), target: 'bot', expected: null },
  ],
  'reaches-tool': [
    { model: app('agent bot\ntool pay { effect: financial }', 'flow bot -> pay'), target: 'bot', args: { effect: ['financial'], approval: ['none'] }, expected: 'pay > bot->pay > bot' },
    { model: app('agent bot\ntool pay { effect: financial, approval: human }', 'flow bot -> pay'), target: 'bot', args: { effect: ['financial'], approval: ['none'] }, expected: null },
    { model: app('agent bot\ntool t { origin: remote_mcp }', 'flow bot -> t'), target: 'bot', args: { origin: ['remote_mcp'] }, expected: 't > bot->t > bot' },
    { model: app('agent bot\ntool t { scope: narrow }', 'flow bot -> t'), target: 'bot', args: { scope: ['broad', 'admin'] }, expected: null },
  ],
  'output-reaches-interpreter': [
    { model: app('agent bot\nservice db { interprets: [sql] }', 'flow bot -> db'), target: 'bot', args: { interprets: ['sql'] }, expected: 'db > bot->db > bot' },
    { model: app('agent bot\ntool py { effect: execute }', 'flow bot -> py'), target: 'bot', args: { interprets: ['code'] }, expected: 'py > bot->py > bot' },
    { model: app('agent bot\nservice ui { interprets: [markdown] }\napi gw', 'flow ui -> gw\nflow gw -> bot'), target: 'bot', args: { interprets: ['markdown'] }, expected: 'ui > ui->gw > gw > gw->bot > bot' },
    { model: app('agent bot\nservice db { interprets: [html] }', 'flow bot -> db'), target: 'bot', args: { interprets: ['sql'] }, expected: null },
  ],
  'publicly-exposed': [
    { model: app('api gw { exposure: public }'), target: 'gw', expected: 'gw' },
    { model: app('api gw', 'flow attacker -> gw'), target: 'gw', expected: 'attacker > attacker->gw > gw' },
    { model: app('api gw { exposure: internal }'), target: 'gw', expected: null },
  ],
  'requested-by-actor': [
    { model: app('api gw\nagent bot', 'flow attacker -> gw\nflow gw -> bot'), target: 'bot', args: { trust: ['untrusted'] }, expected: 'attacker > attacker->gw > gw > gw->bot > bot' },
    { model: app('agent bot\ntool web { fetches: web }', 'flow bot -> web'), target: 'bot', args: { trust: ['untrusted'] }, expected: null },
    { model: app('api gw', 'flow gw -> attacker'), target: 'gw', args: { trust: ['untrusted'] }, expected: null },
  ],
  'calls-llm': [
    { model: app('service s\nmodel m { type: llm }', 'flow s -> m'), target: 's', expected: 's > s->m > m' },
    { model: app('agent a { uses: [m] }\nmodel m { type: llm }'), target: 'a', expected: 'a > m' },
    { model: app('service s\nmodel m { type: classifier }', 'flow s -> m'), target: 's', expected: null },
  ],
  'used-by-agent': [
    { model: app('agent a { uses: [m] }\nmodel m { type: llm }'), target: 'm', expected: 'a > m' },
    { model: app('service s\nmodel m', 'flow s -> m'), target: 'm', expected: null },
  ],
  'trained-on': [
    { model: app('dataset d { source: [public_web] }\nmodel m { trained_on: [d] }'), target: 'm', args: { source: ['public_web'] }, expected: 'd > m' },
    { model: app('dataset d { source: [internal] }\npipeline p { stage: [training], consumes: [d], produces: [m] }\nmodel m'), target: 'm', args: { source: ['internal'], via: ['training'] }, expected: 'd > p > m' },
    { model: app('dataset d { pii: true }\nmodel m { fine_tuned_on: [d] }'), target: 'm', args: { via: ['fine_tuning'], sensitive: true }, expected: 'd > m' },
    { model: app('dataset d\nmodel m { trained_on: [d] }'), target: 'm', args: { provenance: ['unknown'] }, expected: 'd > m' },
    { model: app('dataset d { source: [internal] }\nmodel m { trained_on: [d] }'), target: 'm', args: { source: ['public_web'] }, expected: null },
  ],
  'holds-data': [
    { model: `data k { kind: credentials }\n${app('service s { credentials: [k] }')}`, target: 's', args: { kind: ['credentials'] }, expected: 's' },
    { model: `data k { kind: prompt }\n${app('store s { holds: [k] }')}`, target: 's', args: { kind: ['credentials'] }, expected: null },
  ],
  'in-trust': [
    { model: app('service s'), target: 's', args: { trust: ['internal'] }, expected: 's' },
    { model: app('service s'), target: 's', args: { trust: ['restricted'] }, expected: null },
  ],
  'has-credentials': [
    { model: `data k { kind: credentials }\n${app('service a\nservice b', 'flow a -> b { carries: [k] }')}`, target: 'b', expected: 'a > a->b > b' },
    { model: app('service s'), target: 's', expected: null },
  ],
  'uses-store': [
    { model: app('agent a { memory: mem }\nstore mem { type: memory }'), target: 'a', args: { type: ['memory'] }, expected: 'mem > a' },
    { model: app('agent a\nstore v { type: vector, tenancy: multi }', 'flow a -> v'), target: 'a', args: { tenancy: ['multi'] }, expected: 'a > a->v > v' },
    { model: app('agent a\nstore v { type: vector, tenancy: single }', 'flow v -> a'), target: 'a', args: { tenancy: ['multi'] }, expected: null },
  ],
  'feeds-training': [
    { model: app('dataset d\nmodel m { trained_on: [d] }'), target: 'd', expected: 'd > m' },
    { model: app('store fb\npipeline p { stage: fine_tuning }', 'flow fb -> p'), target: 'fb', expected: 'fb > fb->p > p' },
    { model: app('dataset d { purpose: evaluation }\npipeline p { stage: evaluation, consumes: [d] }'), target: 'd', expected: null },
  ],
  'holds-model-weights': [
    { model: app('store reg { type: model_registry }'), target: 'reg', expected: 'reg' },
    { model: app('store b { type: object }\nmodel m { stored_in: b }'), target: 'b', expected: 'm > b' },
    { model: app('store b { type: object }'), target: 'b', expected: null },
  ],
  'carries-data': [
    { model: `data p { pii: true }\n${app('service a\nservice b', 'flow a -> b { carries: [p] }')}`, target: 'a->b', args: { sensitive: true }, expected: 'a > a->b > b' },
    { model: `data p { classification: public }\n${app('service a\nservice b', 'flow a -> b { carries: [p] }')}`, target: 'a->b', args: { sensitive: true }, expected: null },
  ],
  'crosses-boundary': [
    { model: app('service a', 'flow attacker -> a'), target: 'attacker->a', args: { direction: ['inbound'] }, expected: 'attacker > attacker->a > a' },
    { model: app('service a\nservice b', 'flow a -> b'), target: 'a->b', expected: null },
  ],
  'flow-end': [
    { model: `${app('service a')}\nboundary v { trust: external\n model m { type: llm, hosting: external_api } }\nflow a -> m`, target: 'a->m', args: { end: 'target', llm: true, hosting: ['external_api'] }, expected: 'm' },
    { model: app('service a\nservice b', 'flow a -> b'), target: 'a->b', args: { end: 'target', kind: ['model'] }, expected: null },
  ],
};

describe.each(Object.entries(cases))('%s', (name, list) => {
  it.each(list.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const f = facts(c.model);
    const element = f.graph.elements.get(c.target);
    const target: Target = element ? { type: 'element', element, at: f.graph.indexOf(element.id) } : { type: 'flow', flow: f.graph.flows.get(c.target)!, at: f.graph.model.flows.findIndex((x) => x.id === c.target) };
    const predicate = predicates[name as keyof typeof predicates] as { test: (t: Target, a: unknown, f: unknown) => { id: string }[] | null };
    const evidence = predicate.test(target, c.args ?? {}, f);
    expect(evidence === null ? null : ids(evidence)).toBe(c.expected);
  });
});

describe('predicate table', () => {
  it('every predicate has a case where it holds and one where it does not', () => {
    for (const name of predicateNames) {
      const list = cases[name] ?? [];
      expect(list.some((c) => c.expected !== null), `${name} holds somewhere`).toBe(true);
      expect(list.some((c) => c.expected === null), `${name} fails somewhere`).toBe(true);
    }
  });

  it('every predicate says what it means and fits either elements or flows, not both', () => {
    for (const name of predicateNames) {
      expect(predicates[name].description.length).toBeGreaterThan(30);
      expect(['element', 'flow']).toContain(predicates[name].appliesTo);
    }
  });
});
