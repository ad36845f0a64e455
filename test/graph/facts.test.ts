import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { deriveFacts } from '../../src/graph/facts.js';
import { facts, ids, model } from '../helpers.js';

const zones = `
boundary net { trust: untrusted
  actor attacker
}
boundary app { trust: internal
`;

describe('graph', () => {
  it('lists neighbours in declaration order, and is a compound multigraph: flows are named edges, a bidirectional flow goes both ways, boundaries are parents', () => {
    const m = model(`boundary a { trust: internal
      service x
      boundary b { service y }
    }
    flow x -> y
    flow x -> y "again"
    flow f: x <-> y`);
    const built = buildGraph(m);
    expect(built.outgoing('x').map((end) => `${end.flow.id}→${end.other}`)).toEqual(['x->y→y', 'x->y#2→y', 'f→y']);
    expect(built.incoming('x').map((end) => `${end.flow.id}←${end.other}`)).toEqual(['f←y']);
    const { graph } = built;
    expect(graph.isMultigraph() && graph.isCompound() && graph.isDirected()).toBe(true);
    expect(graph.outEdges('x')!.map((e) => e.name).sort()).toEqual(['f', 'x->y', 'x->y#2']);
    expect(graph.outEdges('y')!.map((e) => e.name)).toEqual(['f']);
    expect(graph.parent('y')).toBe('b');
    expect(graph.parent('b')).toBe('a');
  });

  it('finds elements and flows by id, and each flow end by position, however it was reached', () => {
    const m = model(`boundary a { trust: internal
      service x
      service y
      service z }
    flow x -> y
    flow f: z <-> x`);
    const g = buildGraph(m);
    expect(g.elements.size).toBe(3);
    expect([g.elements.get('y')?.id, g.elements.get('nope'), g.elements.has('z'), g.elements.has('f')]).toEqual(['y', undefined, true, false]);
    expect([...g.elements.keys()]).toEqual(['x', 'y', 'z']);
    expect([...g.elements].map(([id, e]) => [id, e.id])).toEqual([['x', 'x'], ['y', 'y'], ['z', 'z']]);
    expect([...g.elements.values()]).toEqual(m.elements);
    const seen: string[] = [];
    g.elements.forEach((e, id, map) => seen.push(`${id}=${e.id}:${map === g.elements}`));
    expect(seen).toEqual(['x=x:true', 'y=y:true', 'z=z:true']);
    expect([g.flows.get('f')?.source, g.flows.size]).toEqual(['z', 2]);
    expect([...g.flowSources, ...g.flowTargets]).toEqual([0, 2, 1, 0]);
    // A bidirectional flow's end is the same object in the lists it is in.
    expect(g.outgoing('x').find((end) => end.flow.id === 'f')).toBe(g.incoming('x').find((end) => end.flow.id === 'f'));
  });

  it('gives elements their boundary trust, and untrusted outside every boundary', () => {
    const g = buildGraph(model(`boundary p { trust: partner
      actor bank }
      service loose`));
    expect([g.trust('bank'), g.trust('loose')]).toEqual(['partner', 'untrusted']);
  });
});

describe('untrusted content', () => {
  it('flows forward from an outside actor, with the shortest path as witness', () => {
    const f = facts(`${zones} api gw
      agent bot
      model llm { type: llm } }
      flow attacker -> gw
      flow gw -> bot
      flow bot -> llm`);
    expect(ids(f.untrusted.witness('llm'))).toBe('attacker > attacker->gw > gw > gw->bot > bot > bot->llm > llm');
  });

  it('comes back against a flow from what answers (a tool fetching the web), but not from an actor', () => {
    const f = facts(`${zones} agent bot
      tool browse { fetches: web }
      actor employee
      service hr }
      flow bot -> browse
      flow hr -> employee`);
    expect(ids(f.untrusted.witness('bot'))).toBe('browse > bot->browse > bot');
    expect(f.untrusted.has('hr')).toBe(false);
  });

  it.each([
    ['a store holding untrusted data', 'data d { origin: untrusted }\nboundary z { trust: internal\n store s { holds: [d] } }', 's'],
    ['a public-web dataset', 'boundary z { trust: internal\n dataset s { source: [public_web] } }', 's'],
    ['a crowd-labelled dataset', 'boundary z { trust: internal\n dataset s { labeling: crowdsourced } }', 's'],
    ['a remote MCP tool', 'boundary z { trust: internal\n tool s { origin: remote_mcp } }', 's'],
    ['an element in an untrusted boundary', 'boundary z { trust: untrusted\n service s }', 's'],
  ])('starts at %s', (_, text, id) => {
    const f = facts(text);
    expect(ids(f.untrusted.witness(id))).toBe(id);
  });

  it('starts at the receiver of a flow carrying untrusted data', () => {
    const f = facts(`data d { origin: untrusted }
      boundary z { trust: internal
        service a
        service b }
      flow a -> b { carries: [d] }`);
    expect(ids(f.untrusted.witness('b'))).toBe('a > a->b > b');
    expect(ids(f.untrusted.witness('a'))).toBe('a');
  });

  it('does not start at partner or internal services, nor at internal actors', () => {
    const f = facts(`boundary z { trust: internal
      actor staff
      service a }
      boundary p { trust: partner
      service b }
      flow staff -> a
      flow b -> a`);
    expect(f.untrusted.size).toBe(0);
  });
});

describe('sensitive data', () => {
  it('is read from a store that holds it, and passes on along flows that do not say what they carry', () => {
    const f = facts(`data pii { pii: true }
      data note { classification: public }
      boundary z { trust: internal
        store crm { holds: [pii] }
        agent bot
        model llm { type: llm }
        service log }
      flow bot -> crm
      flow bot -> llm
      flow llm -> log { carries: [note] }`);
    expect(ids(f.sensitive.witness('bot'))).toBe('crm > bot->crm > bot');
    expect(ids(f.sensitive.witness('llm'))).toBe('crm > bot->crm > bot > bot->llm > llm');
    expect(f.sensitive.has('log')).toBe(false);
  });

  it('reaches an agent through its memory store', () => {
    const f = facts(`data secrets { kind: credentials }
      boundary z { trust: internal
        store mem { type: memory, holds: [secrets] }
        agent bot { memory: mem } }`);
    expect(ids(f.sensitive.witness('bot'))).toBe('mem > bot<->mem > bot');
  });
});

describe('egress', () => {
  it('reaches whoever can send to, or answers, a sender through a channel outsiders read', () => {
    const f = facts(`boundary z { trust: internal
      agent bot
      model llm { type: llm }
      tool mail { effect: communication }
      service ui { interprets: [markdown] }
      actor user }
      flow bot -> mail
      flow bot -> llm
      flow user -> ui`);
    expect(ids(f.egress.witness('bot'))).toBe('mail > bot->mail > bot');
    expect(ids(f.egress.witness('llm'))).toBe('mail > bot->mail > bot > bot->llm > llm');
    expect(f.egress.has('user')).toBe(true);
  });
});

describe('tool reach', () => {
  it('follows callers, and lets a model reach what its caller reaches; results are cached per query', () => {
    const f = facts(`boundary z { trust: internal
      api gw
      agent bot
      model llm { type: llm }
      tool pay { effect: financial } }
      flow gw -> bot
      flow bot -> llm
      flow bot -> pay`);
    const pays = f.reaches('pay', (e) => e.kind === 'tool');
    expect(ids(pays.witness('gw'))).toBe('pay > bot->pay > bot > gw->bot > gw');
    expect(ids(pays.witness('llm'))).toBe('pay > bot->pay > bot > bot->llm > llm');
    expect(f.reaches('pay', () => false)).toBe(pays);
  });
});

describe('boundary crossings', () => {
  it('says which way a flow crosses', () => {
    const m = model(`${zones} service a }
      boundary v { trust: external
        model m }
      boundary w { trust: internal
        service b }
      flow attacker -> a
      flow a -> m
      flow a -> b
      flow a -> a2
      boundary x { trust: internal
        service a2 }`);
    const f = deriveFacts(buildGraph(m));
    expect(m.flows.map((_, at) => f.crossing(at)?.direction)).toEqual(['inbound', 'outbound', 'lateral', 'lateral']);
  });
});

describe('scale', () => {
  it('propagates through a long chain without recursion and keeps witnesses exact', () => {
    const n = 20_000;
    const lines = ['boundary net { trust: untrusted\n actor a0 }', 'boundary z { trust: internal'];
    for (let i = 1; i <= n; i++) lines.push(`service a${i}`);
    lines.push('}');
    for (let i = 0; i < n; i++) lines.push(`flow a${i} -> a${i + 1}`);
    const f = facts(lines.join('\n'));
    expect(f.untrusted.size).toBe(n + 1);
    expect(f.untrusted.witness(`a${n}`)).toHaveLength(2 * n + 1);
  });
});
