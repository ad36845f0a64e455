import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import {
  defineSystem,
  type BoundaryBuilder,
  type ElementInput,
  type Handle,
  type SystemBuilder,
} from '../../src/builder/define-system.js';
import { messages, withoutSpans } from './helpers.js';

/** A minimal valid model around `body`'s declarations: one boundary `prod` with two actors `a` and `b`. */
function withTwoActors(body: (s: SystemBuilder, b: BoundaryBuilder) => void) {
  return defineSystem('T', { owner: 't' }, (s) => {
    s.boundary('prod', 'Production', { trust: 'internal' }, (b) => {
      b.actor('a', 'A', { type: 'human' });
      b.actor('b', 'B', { type: 'system' });
      body(s, b);
    });
  });
}

describe('defineSystem', () => {
  it('writes the .aitm text of the declarations, in the order of the calls, and parses it', () => {
    const result = defineSystem('Support Assistant', { owner: 'appsec@example.com', practices: ['threat_modeling'] }, (s) => {
      const question = s.data('question', 'Customer message', { classification: 'internal', origin: 'untrusted', kind: 'prompt' });
      s.boundary('internet', 'Internet', { trust: 'untrusted' }, (b) => {
        b.actor('customer', 'Customer', { type: 'human' });
      });
      s.boundary('prod', 'Production', { trust: 'internal' }, (b) => {
        b.agent('assistant', 'Assistant', { autonomy: 'supervised', uses: ['llm'] });
        b.model('llm', 'Chat model', { type: 'llm', hosting: 'external_api' });
      });
      s.flow('customer', 'assistant', { name: 'ask', label: 'asks a question', carries: [question], protocol: 'https' });
      s.mitigate('prompt-injection.direct', 'assistant', { by: 'Input guardrail in front of the model' });
    });
    expect(result.source).toBe(
      [
        'system "Support Assistant" {',
        '  owner: "appsec@example.com"',
        '  practices: [threat_modeling]',
        '}',
        '',
        'data question "Customer message" { classification: internal, origin: untrusted, kind: prompt }',
        '',
        'boundary internet "Internet" {',
        '  trust: untrusted',
        '  actor customer "Customer" { type: human }',
        '}',
        '',
        'boundary prod "Production" {',
        '  trust: internal',
        '  agent assistant "Assistant" { autonomy: supervised, uses: [llm] }',
        '  model llm "Chat model" { type: llm, hosting: external_api }',
        '}',
        '',
        'flow ask: customer -> assistant "asks a question" { carries: [question], protocol: https }',
        '',
        'mitigate prompt-injection.direct on assistant { by: "Input guardrail in front of the model" }',
        '',
      ].join('\n'),
    );
    expect(messages(result)).toEqual([]);
    expect(result.ok).toBe(true);
    // Exactly what parse() makes of the text, under the same file name.
    const reparsed = parse(result.source, { file: '<builder>' });
    expect(result.model).toStrictEqual(reparsed.model);
    expect(result.file).toBe('<builder>');
    expect(result.model.flows[0]).toMatchObject({ id: 'ask', named: true, label: 'asks a question', source: 'customer', target: 'assistant' });
    expect(result.model.dispositions[0]?.span.file).toBe('<builder>');
  });

  it('names the generated file as asked, for spans, diagnostics and sources', () => {
    const result = defineSystem('T', (s) => s.data('unused'), { file: 'models/t.aitm' });
    expect(result.file).toBe('models/t.aitm');
    expect(result.model.files).toEqual(['models/t.aitm']);
    expect([...result.sources.keys()]).toEqual(['models/t.aitm']);
    expect(result.diagnostics.map((d) => `${d.code} ${d.span?.file}:${d.span?.line}`)).toEqual(['AITM501 models/t.aitm:3']);
  });

  it('breaks a declaration that would not fit on one line, and writes every kind of value', () => {
    const result = defineSystem('T', { owner: 't' }, (s) => {
      const creds = s.data('creds', { kind: 'credentials' });
      s.boundary('outer', 'Outer', { trust: 'internal', owner: 'platform' }, (b) => {
        b.api('gateway', 'Public API', { exposure: 'public', auth: 'oauth2', rate_limit: '30/min', quota: '1M tokens/day', credentials: [creds] });
        b.boundary('inner', (inner) => inner.store('cache'));
      });
      s.accept('model-extraction.query', 'gateway', { reason: 'Vetted callers.', owner: 'Head of ML', expires: '2027-06-30' });
    });
    expect(result.source).toContain(
      [
        'boundary outer "Outer" {',
        '  trust: internal',
        '  owner: "platform"',
        '  api gateway "Public API" {',
        '    exposure: public',
        '    auth: oauth2',
        '    rate_limit: "30/min"',
        '    quota: "1M tokens/day"',
        '    credentials: [creds]',
        '  }',
        '  boundary inner {',
        '    store cache',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(result.source).toContain('data creds { kind: credentials }');
    expect(result.source).toContain('expires: 2027-06-30');
    expect(messages(result)).toEqual([]);
    const inner = result.model.boundaries.find((b) => b.id === 'inner');
    expect(inner).toMatchObject({ trust: 'internal', parent: 'outer', label: 'inner' });
    expect(result.model.dispositions[0]?.properties).toEqual({ reason: 'Vetted callers.', owner: 'Head of ML', expires: '2027-06-30' });
  });

  it('returns handles that stand for ids, and flow handles that target their flow', () => {
    let handles: Record<string, unknown> = {};
    const result = defineSystem('T', { owner: 't' }, (s) => {
      const prompt = s.data('prompt', { kind: 'prompt' });
      const prod = s.boundary('prod', { trust: 'internal' }, (b) => {
        const llm = b.model('llm', 'LLM', { type: 'llm' });
        const agent = b.agent('agent', 'Agent', { uses: [llm] });
        const user = b.actor('user');
        const ask = s.flow(user, agent, { carries: [prompt] });
        const ask2 = s.flow(user, agent, { carries: [prompt] });
        const both = s.flow(agent, llm, { bidirectional: true, carries: [prompt] });
        const named = s.flow(user, llm, { name: 'direct', carries: [prompt] });
        s.mitigate('prompt-injection.direct', named, { by: 'a guardrail' });
        s.mitigate('prompt-injection.indirect', both, { by: 'fencing' });
        s.mitigate('prompt-injection.indirect', [llm, agent], { by: 'fencing (the other way round)' });
        s.dismiss('prompt-injection.direct', ask, { reason: 'ambiguous: two flows go this way' });
        handles = { llm, agent, user, ask, ask2, both, named };
      });
      s.dismiss('availability.model-dos', prod, { reason: 'rate limited' });
    });
    expect(handles['llm']).toEqual({ kind: 'model', id: 'llm' });
    expect(handles['named']).toEqual({ kind: 'flow', name: 'direct', source: 'user', target: 'llm', bidirectional: false });
    expect(result.model.elements.find((e) => e.id === 'agent')?.properties).toEqual({ uses: ['llm'] });
    expect(result.model.flows.map((f) => f.id)).toEqual(['user->agent', 'user->agent#2', 'agent<->llm', 'direct']);
    expect(result.model.dispositions.map((d) => `${d.kind} ${d.threat} ${d.target.type}:${d.target.id}`)).toEqual([
      'mitigate prompt-injection.direct flow:direct',
      'mitigate prompt-injection.indirect flow:agent<->llm',
      'mitigate prompt-injection.indirect flow:agent<->llm',
      'dismiss availability.model-dos boundary:prod',
    ]);
    // The same problems as in a file: two flows match `on user -> agent`; the same disposition twice.
    expect(messages(result)).toEqual([
      'AITM308 `prompt-injection.indirect` on `agent<->llm` already has a disposition',
      'AITM304 2 flows go from `user` to `agent`',
    ]);
  });

  it('keeps what a declaration had when it was made, whatever happens to the objects later', () => {
    const uses = ['llm'];
    const properties: ElementInput<'agent'> = { autonomy: 'assistive', uses };
    const result = defineSystem('T', { owner: 't' }, (s) => {
      s.boundary('prod', { trust: 'internal' }, (b) => {
        b.model('llm');
        b.agent('agent', properties);
      });
      uses.push('nothing');
      (properties as { autonomy: string }).autonomy = 'autonomous';
    });
    expect(messages(result)).toEqual([]);
    expect(result.model.elements.find((e) => e.id === 'agent')?.properties).toEqual({ autonomy: 'assistive', uses: ['llm'] });
  });
});

describe('strings', () => {
  const awkward = [
    '',
    'plain',
    'She said "hi"',
    'C:\\temp\\new',
    'a \\" b',
    'ends with a backslash \\',
    '"',
    'line\nbreak',
    'crlf\r\nand cr\rend',
    'tab\there',
    'nul\0byte',
    'bell\u0007, escape\u001b, delete\u007f, next line\u0085',
    'separators\u2028and\u2029, bom\ufeff',
    'Zoë Lefèvre — ünïcödé',
    '日本語のラベル',
    'emoji 😀 👩🏽‍💻 🏳️‍🌈',
    'lone surrogates \ud800 and \udfff, reversed \udc00\ud83d',
    '\\u00e9 is not é',
    '\\u{1F600} is not 😀',
    '{ } [ ] : , -> <-> // not a comment /* nor this */',
    '} actor injected "x" { type: human',
  ];

  it.each(awkward.map((text) => [JSON.stringify(text), text]))('%s round-trips into labels and text properties', (_, text) => {
    const result = roundTrip(text);
    expect(messages(result)).toEqual([]);
    expect(collect(result)).toEqual(Array(6).fill(text));
    expect(result.model.elements.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('round-trip whatever UTF-16 they hold', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const text = fc.oneof(fc.string({ unit: codeUnit, maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
    fc.assert(
      fc.property(text, (value) => {
        const result = roundTrip(value);
        expect(messages(result)).toEqual([]);
        expect(collect(result)).toEqual(Array(6).fill(value));
      }),
      { numRuns: 300 },
    );
  });

  it('stay on one line each in the generated file', () => {
    const result = roundTrip('one\ntwo\rthree\u2028four\u2029five\u0085six');
    expect(result.source.split('\n')).toHaveLength(roundTrip('plain').source.split('\n').length);
    expect(result.source).not.toMatch(/[\r\u0085\u2028\u2029]/);
    expect(result.source).toContain('"one\\ntwo\\rthree\\u2028four\\u2029five\\u0085six"');
  });

  function roundTrip(text: string) {
    return defineSystem(text, { owner: text, description: text }, (s) => {
      s.boundary('prod', text, { trust: 'internal' }, (b) => {
        b.actor('a', text);
        b.actor('b');
      });
      s.flow('a', 'b', { label: text });
      s.mitigate('prompt-injection.direct', 'a', { by: text });
    });
  }

  function collect(result: ReturnType<typeof roundTrip>): unknown[] {
    const { model } = result;
    return [
      model.system?.name,
      model.system?.properties.owner,
      model.boundaries[0]?.label,
      model.elements[0]?.label,
      model.flows[0]?.label,
      model.dispositions[0]?.kind === 'mitigate' ? model.dispositions[0].properties.by : undefined,
    ];
  }
});

describe('mistakes come back as diagnostics, as from a file', () => {
  it('reports a dangling reference as AITM301 and does not throw', () => {
    const result = withTwoActors((s, b) => {
      b.agent('agent', 'Agent', { uses: ['gpt'] });
      s.flow('a', 'nowhere');
      s.mitigate('prompt-injection.direct', 'ghost', { by: 'nothing' });
    });
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([
      'AITM301 unknown model `gpt`',
      'AITM301 unknown name `nowhere`',
      'AITM301 unknown name `ghost`',
    ]);
    // Each diagnostic points at the reference in the generated text.
    const lines = result.source.split('\n');
    for (const d of result.diagnostics) {
      expect(d.span?.file).toBe('<builder>');
      expect(lines[d.span!.line - 1]!.slice(d.span!.column - 1, d.span!.endColumn - 1)).toMatch(/^(gpt|nowhere|ghost)$/);
    }
    // What resolved is kept, without the dangling reference.
    expect(result.model.elements.find((e) => e.id === 'agent')?.properties).toEqual({ uses: [] });
  });

  it('reports a reference to the wrong kind of declaration and a duplicate id', () => {
    const result = withTwoActors((s, b) => {
      b.agent('agent', { uses: ['a'] });
      b.store('a');
    });
    expect(messages(result)).toEqual([
      'AITM302 `a` is an actor, but `uses` must be a model',
      'AITM300 `a` is declared more than once',
    ]);
  });

  it('reports values and properties TypeScript would have rejected, when the types are bypassed', () => {
    const loose = (value: object) => value as ElementInput<'model'>;
    const result = withTwoActors((s, b) => {
      b.model('m1', loose({ typo: 'llm' }));
      b.model('m2', loose({ type: 'gpt' }));
      b.model('m3', loose({ type: 'not a name' }));
      b.model('m4', loose({ provider: 42 }));
      s.accept('prompt-injection.direct', 'a', { reason: 'r', owner: 'o', expires: '2027-02-30' });
      s.accept('prompt-injection.indirect', 'a', { reason: 'r', owner: 'o', expires: 'next year' });
    });
    expect(messages(result)).toEqual([
      'AITM400 unknown property `typo` on a model',
      expect.stringMatching(/^AITM402 `gpt` is not /),
      expect.stringMatching(/^AITM401 `type` on a model expects one of its values, found a string/),
      expect.stringMatching(/^AITM401 `provider` on a model expects a string, found a number/),
      'AITM403 `2027-02-30` is not a valid `expires`',
      expect.stringMatching(/^AITM401 `expires` on a `accept` expects a date/),
    ]);
  });

  it('writes an id that is not a name as a string, which the parser rejects: nothing is injected', () => {
    const result = withTwoActors((_, b) => {
      b.actor('x { type: human } actor injected', 'X');
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.code).toBe('AITM110');
    expect(result.diagnostics.every((d) => d.code === 'AITM110')).toBe(true);
    expect(result.source).toContain('actor "x { type: human } actor injected" "X"');
    expect(result.model.elements).toEqual([]);
  });

  it('reports a threat id of the wrong form', () => {
    const result = withTwoActors((s) => {
      s.dismiss('Prompt_Injection', 'a', { reason: 'r' });
      s.dismiss('prompt injection', 'a', { reason: 'r' });
    });
    expect(result.ok).toBe(false);
    expect(messages(result)[0]).toBe('AITM110 expected a name, found a string');
    expect(parse(result.source.replace(/\ndismiss "prompt injection".*\n/, '\n')).diagnostics.map((d) => d.code)).toEqual(['AITM307']);
  });

  it('warns, like a file, about what is legal but suspicious', () => {
    const result = defineSystem('T', (s) => {
      s.data('orphan');
      s.boundary('b', { trust: 'internal' }, (b) => b.actor('a'));
    });
    expect(result.ok).toBe(true);
    expect(messages(result)).toEqual(['AITM501 data asset `orphan` is never used']);
  });
});

describe('misuse that TypeScript prevents throws', () => {
  it('rejects a builder used after its callback returned', () => {
    let kept: SystemBuilder | undefined;
    let keptBoundary: BoundaryBuilder | undefined;
    defineSystem('T', (s) => {
      kept = s;
      s.boundary('b', { trust: 'internal' }, (b) => {
        keptBoundary = b;
      });
      expect(() => keptBoundary!.actor('late')).toThrow(/used after its callback returned/);
    });
    expect(() => kept!.data('late')).toThrow(TypeError);
  });

  it('rejects an async callback, which would declare things after the model is built', () => {
    expect(() => defineSystem('T', (async () => {}) as () => void)).toThrow(/returned a promise/);
  });

  it('rejects values that have no .aitm form', () => {
    const bad = (value: unknown) => () =>
      defineSystem('T', (s) => s.boundary('b', { trust: 'internal' }, (b) => b.actor('a', { description: value } as ElementInput<'actor'>)));
    expect(bad(null)).toThrow(/`description`: cannot write null/);
    expect(bad({})).toThrow(TypeError);
    expect(bad(() => 1)).toThrow(TypeError);
    expect(bad(undefined)).not.toThrow();
  });
});

describe('types', () => {
  it('derive from the vocabulary and reject what the language does not have', () => {
    const result = defineSystem('T', { owner: 't' }, (s) => {
      const secret = s.data('secret', { kind: 'credentials' });
      s.boundary('prod', { trust: 'internal' }, (b) => {
        const store: Handle<'store'> = b.store('kv', { holds: [secret] });
        const model = b.model('llm', { type: 'llm' });
        // @ts-expect-error `typo` is not a property of a model
        b.model('m1', { typo: 'llm' });
        // @ts-expect-error `gpt` is not a model type
        b.model('m2', { type: 'gpt' });
        // @ts-expect-error `gpt` is not a model type (with a label too)
        b.model('m2b', 'Model', { type: 'gpt' });
        // @ts-expect-error `uses` takes models, not stores
        b.agent('a1', { uses: [store] });
        // @ts-expect-error `autonomy` is a property of an agent, not of a service
        b.service('s1', { autonomy: 'supervised' });
        // @ts-expect-error `autonomy` takes one value, not a list
        b.agent('a2', { autonomy: ['supervised'] });
        // @ts-expect-error `returns` takes a list
        b.model('m3', { returns: 'text' });
        b.agent('a3', { uses: [model, 'llm'], memory: [store], credentials: [secret, 'secret'] });
      });
      // @ts-expect-error a top-level boundary needs `trust`
      s.boundary('loose', { owner: 'x' });
      // @ts-expect-error a data asset cannot be the end of a flow
      s.flow(secret, 'a3');
      // @ts-expect-error an accepted risk needs an owner and an expiry date
      s.accept('prompt-injection.direct', 'a3', { reason: 'r' });
      // @ts-expect-error a disposition cannot target a data asset
      s.dismiss('prompt-injection.direct', secret, { reason: 'r' });
      // @ts-expect-error `practices` lists practices
      void defineSystem('U', { practices: ['threat_hunting'] }, () => {});
    });
    // At run time the same mistakes are the text's diagnostics.
    expect(messages(result).map((m) => m.slice(0, 7))).toEqual(
      expect.arrayContaining(['AITM400', 'AITM402', 'AITM302', 'AITM404', 'AITM401']),
    );
    expect(withoutSpans(result.model.elements.find((e) => e.id === 'a3'))).toMatchObject({
      properties: { uses: ['llm'], memory: ['kv'], credentials: ['secret'] },
    });
  });

  it('offer elements only inside boundaries', () => {
    const typeOnly = (s: SystemBuilder) => {
      // @ts-expect-error elements are declared inside a boundary, where their trust is known
      s.actor('outside');
    };
    expect(typeOnly).toBeTypeOf('function');
  });
});
