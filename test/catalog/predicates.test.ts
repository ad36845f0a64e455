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
    // Approval as a control, or on the flow on the way, is approval.
    { model: app('agent bot\ntool pay { effect: financial, controls: [human_approval] }', 'flow bot -> pay'), target: 'bot', args: { approval: ['none'] }, expected: null },
    { model: app('agent bot\ntool pay { effect: financial }', 'flow bot -> pay { approval: human }'), target: 'bot', args: { approval: ['none'] }, expected: null },
    { model: app('agent bot\nservice gate\ntool pay { effect: financial }', 'flow bot -> gate { approval: human }\nflow gate -> pay'), target: 'bot', args: { approval: ['none'] }, expected: null },
    // ... but only on the way it is on: a second, unapproved way in is found.
    { model: app('agent bot\nservice gate\ntool pay { effect: financial }', 'flow bot -> gate { approval: human }\nflow gate -> pay\nflow bot -> pay'), target: 'bot', args: { approval: ['none'] }, expected: 'pay > bot->pay > bot' },
    // A tool takes what it does not declare from its server.
    { model: app('agent bot\ntool t { server: srv }\ntoolserver srv { protocol: mcp, location: remote, scope: admin }', 'flow bot -> t'), target: 'bot', args: { origin: ['remote_mcp'], scope: ['admin'] }, expected: 't > bot->t > bot' },
    { model: app('agent bot\ntool mail { effect: communication }', 'flow bot -> mail'), target: 'bot', args: { irreversible: true }, expected: 'mail > bot->mail > bot' },
    { model: app('agent bot\ntool mail { effect: communication, reversible: true }', 'flow bot -> mail'), target: 'bot', args: { irreversible: true }, expected: null },
    { model: app('agent bot\ntool notes { effect: write }', 'flow bot -> notes'), target: 'bot', args: { irreversible: true }, expected: null },
  ],
  'receives-llm-output': [
    { model: app('agent bot { uses: [m] }\nmodel m { type: llm }\ntool py { effect: execute }', 'flow bot -> py'), target: 'py', expected: 'm > bot->m > bot > bot->py > py' },
    { model: app('service ui\nagent bot { uses: [m] }\nmodel m { type: llm }', 'flow ui -> bot'), target: 'ui', expected: 'm > bot->m > bot > ui->bot > ui' },
    { model: app('agent bot { uses: [m] }\nmodel m { type: classifier }\ntool py { effect: execute }', 'flow bot -> py'), target: 'py', expected: null },
    { model: app('agent bot { uses: [m] }\nmodel m { type: llm }'), target: 'm', expected: null },
  ],
  'executes-code': [
    { model: app('tool py { effect: [execute] }'), target: 'py', expected: 'py' },
    { model: app('service nb { interprets: [code] }'), target: 'nb', expected: 'nb' },
    { model: app('service ui { interprets: [markdown] }'), target: 'ui', expected: null },
  ],
  'receives-handoff': [
    { model: app('agent a { delegates_to: [b] }\nagent b'), target: 'b', args: { authenticated: false }, expected: 'a > a->b > b' },
    { model: app('agent a\nagent b', 'flow a -> b { authenticated: true }'), target: 'b', args: { authenticated: false }, expected: null },
    { model: app('agent a\nagent b', 'flow a -> b { controls: [authentication] }'), target: 'b', args: { authenticated: true }, expected: 'a > a->b > b' },
    { model: app('service a\nagent b', 'flow a -> b'), target: 'b', expected: null },
  ],
  'is-agent-memory': [
    { model: app('agent a { memory: [m] }\nstore m { type: key_value }'), target: 'm', expected: 'a > a<->m > m' },
    { model: app('agent a\nstore m { type: memory }', 'flow m -> a'), target: 'm', expected: 'm > m->a > a' },
    { model: app('agent a\nstore m { type: vector }', 'flow a -> m'), target: 'm', expected: null },
  ],
  'collects-untrusted-content': [
    { model: app('service web\nstore log { type: log }', 'flow attacker -> web\nflow web -> log'), target: 'log', expected: 'attacker > attacker->web > web > web->log > log' },
    { model: app('service web\ndataset log { source: [user_generated] }', 'flow web -> log'), target: 'log', expected: 'log' },
    { model: app('service web\nstore log { type: log }\nactor staff', 'flow staff -> web\nflow web -> log'), target: 'log', expected: null },
    { model: app('dataset d { source: [public_web] }'), target: 'd', expected: null },
  ],
  'holds-key-to': [
    { model: `data key { kind: credentials, unlocks: [m] }\n${app('service s { credentials: [key] }\nmodel m { hosting: external_api }')}`, target: 's', args: { hosting: ['external_api'] }, expected: 's > m' },
    { model: `data key { kind: credentials, unlocks: [acct] }\n${app('store vault { holds: [key] }\nservice acct { type: cloud_account }')}`, target: 'vault', args: { type: ['cloud_account'] }, expected: 'vault > acct' },
    { model: `data key { kind: credentials, unlocks: [m] }\n${app('service s { credentials: [key] }\nmodel m { hosting: self_hosted }')}`, target: 's', args: { hosting: ['external_api'] }, expected: null },
  ],
  'returns-untrusted-content': [
    { model: app('tool browse { fetches: [web] }'), target: 'browse', expected: 'browse' },
    // A read-only tool over a table that outsiders write to.
    { model: app('service web\nstore tickets\ntool lookup { effect: [read] }', 'flow attacker -> web\nflow web -> tickets\nflow lookup -> tickets'), target: 'lookup', expected: 'attacker > attacker->web > web > web->tickets > tickets > lookup->tickets > lookup' },
    { model: app('store tickets\ntool lookup { effect: [read] }\nactor staff', 'flow staff -> tickets\nflow lookup -> tickets'), target: 'lookup', expected: null },
  ],
  'reaches-model': [
    { model: app('api gw\nservice orch\nmodel m { type: llm }', 'flow gw -> orch\nflow orch -> m'), target: 'gw', args: { type: ['llm'] }, expected: 'm > orch->m > orch > gw->orch > gw' },
    { model: app('api gw\nmodel m { type: classifier }', 'flow gw -> m'), target: 'gw', args: { type: ['llm'] }, expected: null },
    { model: app('api gw\nstore s', 'flow gw -> s'), target: 'gw', expected: null },
  ],
  'reaches-data': [
    { model: `data cfg { kind: configuration }\n${app('agent bot\ntool edit { effect: [write] }\nstore settings { holds: [cfg] }', 'flow bot -> edit\nflow edit -> settings')}`, target: 'bot', args: { kind: ['configuration'] }, expected: 'settings > edit->settings > edit > bot->edit > bot' },
    { model: `data cfg { kind: configuration }\n${app('agent bot\nstore settings { holds: [cfg] }', 'flow settings -> bot')}`, target: 'bot', args: { kind: ['configuration'] }, expected: null },
    // Only a read-only tool leads there: nothing the agent calls can change the settings.
    { model: `data cfg { kind: configuration }\n${app('agent bot\ntool look { effect: [read] }\nstore settings { holds: [cfg] }', 'flow bot -> look\nflow look -> settings')}`, target: 'bot', args: { kind: ['configuration'], write: true }, expected: null },
    { model: `data cfg { kind: configuration }\n${app('agent bot\ntool edit { effect: [write] }\nstore settings { holds: [cfg] }', 'flow bot -> edit\nflow edit -> settings')}`, target: 'bot', args: { kind: ['configuration'], write: true }, expected: 'settings > edit->settings > edit > bot->edit > bot' },
  ],
  'retrieved-by-llm-app': [
    { model: app('service rag\nmodel m { type: llm }\nstore idx { type: vector }', 'flow rag -> m\nflow rag -> idx'), target: 'idx', expected: 'rag > rag->idx > idx' },
    { model: app('service search\nstore idx { type: vector }', 'flow search -> idx'), target: 'idx', expected: null },
  ],
  'held-by-outsiders': [
    { model: app('service sdk { runs_on: client }'), target: 'sdk', expected: 'sdk' },
    { model: 'boundary net { trust: untrusted\n service site }', target: 'site', expected: 'site' },
    { model: app('service backend { runs_on: server }'), target: 'backend', expected: null },
  ],
  'fetched-from-unvetted-namespace': [
    { model: app('model m { weights: open, hosting: self_hosted }'), target: 'm', expected: 'm' },
    { model: app('model m { weights: open, hosting: self_hosted, publisher: vendor }'), target: 'm', expected: null },
    { model: app('dataset d { namespace: "hub/someone/reviews", publisher: community }'), target: 'd', expected: 'd' },
    { model: app('tool t { server: srv }\ntoolserver srv { location: remote, publisher: unknown }'), target: 't', expected: 't' },
    { model: app('tool t { origin: in_house }'), target: 't', expected: null },
    { model: app('model m { weights: proprietary }'), target: 'm', expected: null },
  ],
  'keeps-memory': [
    { model: app('agent a { memory: [m] }\nstore m { type: key_value }'), target: 'a', args: { retention: ['persistent'] }, expected: 'a > a<->m > m' },
    { model: app('agent a { memory: [m] }\nstore m { type: memory, retention: session }'), target: 'a', args: { retention: ['persistent'] }, expected: null },
    { model: app('agent a\nstore m { type: memory, shared: [users] }', 'flow a -> m'), target: 'a', args: { shared: ['users'] }, expected: 'a > a->m > m' },
    { model: app('agent a\nstore v { type: vector }', 'flow a -> v'), target: 'a', expected: null },
  ],
  'serves-tool-descriptions': [
    { model: `data specs { kind: tool_description, origin: untrusted }\n${app('agent bot\ntoolserver srv', 'flow bot -> srv { carries: [specs] }')}`, target: 'srv', args: { origin: ['untrusted'] }, expected: 'bot > bot->srv > srv' },
    { model: `data specs { kind: tool_description }\n${app('agent bot\ntoolserver srv', 'flow bot -> srv { carries: [specs] }')}`, target: 'srv', args: { origin: ['untrusted'] }, expected: null },
    { model: `data page { kind: documents, origin: untrusted }\n${app('agent bot\ntool t', 'flow bot -> t { carries: [page] }')}`, target: 't', expected: null },
  ],
  'supplied-by': [
    { model: app('tool t { server: srv }\ntoolserver srv { protocol: mcp, transport: http, location: remote, publisher: community }'), target: 't', args: { origin: ['remote_mcp'], publisher: ['community'] }, expected: 'srv > t' },
    { model: app('toolserver srv { transport: stdio }'), target: 'srv', args: { location: ['local'], pinned: false }, expected: 'srv' },
    { model: app('tool t { origin: in_house, publisher: in_house }'), target: 't', args: { publisher: ['community', 'unknown'] }, expected: null },
    { model: app('service s'), target: 's', args: { publisher: ['unknown'] }, expected: null },
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
    // `uses` states a flow: the evidence names it.
    { model: app('agent a { uses: [m] }\nmodel m { type: llm }'), target: 'a', expected: 'a > a->m > m' },
    // A flow the other way joins them already; `uses` still says the agent calls the model.
    { model: app('agent a { uses: [m] }\nmodel m { type: llm }', 'flow m -> a'), target: 'a', expected: 'a > m' },
    { model: app('service s\nmodel m { type: classifier }', 'flow s -> m'), target: 's', expected: null },
  ],
  'used-by-agent': [
    { model: app('agent a { uses: [m] }\nmodel m { type: llm }'), target: 'm', expected: 'a > a->m > m' },
    { model: app('agent a { delegates_to: [b] }\nagent b'), target: 'b', expected: 'a > a->b > b' },
    // A tool server is used through the tools it serves.
    { model: app('agent a\ntool t { server: srv }\ntoolserver srv', 'flow a -> t'), target: 'srv', expected: 'a > a->t > t > srv' },
    { model: app('service s\nmodel m', 'flow s -> m'), target: 'm', expected: null },
  ],
  'trained-on': [
    { model: app('dataset d { source: [public_web] }\nmodel m { trained_on: [d] }'), target: 'm', args: { source: ['public_web'] }, expected: 'd > m' },
    { model: app('dataset d { source: [internal] }\npipeline p { stage: [training], consumes: [d], produces: [m] }\nmodel m'), target: 'm', args: { source: ['internal'], via: ['training'] }, expected: 'd > p > m' },
    { model: app('dataset d { pii: true }\nmodel m { fine_tuned_on: [d] }'), target: 'm', args: { via: ['fine_tuning'], sensitive: true }, expected: 'd > m' },
    { model: app('dataset d\nmodel m { trained_on: [d] }'), target: 'm', args: { provenance: ['unknown'] }, expected: 'd > m' },
    { model: app('dataset d { source: [internal] }\nmodel m { trained_on: [d] }'), target: 'm', args: { source: ['public_web'] }, expected: null },
  ],
  'open-weights': [
    { model: app('model m { weights: open }'), target: 'm', expected: 'm' },
    { model: app('model tuned { weights: proprietary, base: mid }\nmodel mid { base: root }\nmodel root { weights: open }'), target: 'tuned', expected: 'root > mid > tuned' },
    { model: app('model tuned { weights: proprietary, base: root }\nmodel root { weights: third_party }'), target: 'tuned', expected: null },
  ],
  'holds-data': [
    { model: `data k { kind: credentials }\n${app('store s { credentials: [k] }')}`, target: 's', args: { kind: ['credentials'], content: true }, expected: null },
    { model: `data k { kind: credentials }\n${app('store s { holds: [k] }')}`, target: 's', args: { kind: ['credentials'], content: true }, expected: 's' },
    { model: `data k { kind: credentials }\n${app('service s { credentials: [k] }')}`, target: 's', args: { kind: ['credentials'] }, expected: 's' },
    { model: `data k { kind: prompt }\n${app('store s { holds: [k] }')}`, target: 's', args: { kind: ['credentials'] }, expected: null },
  ],
  'in-trust': [
    { model: app('service s'), target: 's', args: { trust: ['internal'] }, expected: 's' },
    { model: app('service s'), target: 's', args: { trust: ['restricted'] }, expected: null },
  ],
  'has-credentials': [
    { model: `data k { kind: credentials }\n${app('service a\nservice b', 'flow a -> b { carries: [k] }')}`, target: 'b', expected: 'a > a->b > b' },
    // What a flow carries, both its ends have: a key read back from a vault.
    { model: `data k { kind: credentials }\n${app('service a\nstore vault', 'flow a -> vault { carries: [k] }')}`, target: 'a', expected: 'a' },
    { model: `data k { kind: credentials }\n${app('tool t { server: srv }\ntoolserver srv { credentials: [k] }')}`, target: 't', expected: 't' },
    { model: `data k { kind: general }\n${app('service a\nservice b', 'flow a -> b { carries: [k] }')}`, target: 'b', expected: null },
    { model: app('service s'), target: 's', expected: null },
  ],
  'uses-store': [
    { model: app('agent a { memory: mem }\nstore mem { type: memory }'), target: 'a', args: { type: ['memory'] }, expected: 'a > a<->mem > mem' },
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
    { model: app('service a\nmodel m { type: llm, task: [translation] }', 'flow a -> m'), target: 'a->m', args: { end: 'target', task: ['translation', 'summarization'] }, expected: 'm' },
    { model: app('service a\nmodel m { type: llm, task: [chat] }', 'flow a -> m'), target: 'a->m', args: { end: 'target', task: ['translation'] }, expected: null },
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
