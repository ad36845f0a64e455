import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';

/**
 * Issue 15: the agentic vocabulary is checked like the rest of the language, every mistake a
 * located diagnostic with a stable code and, where it helps, a suggestion.
 */
const model = (body: string, after = '') => `system "S" { owner: "o" }
boundary b {
  trust: internal
  agent planner { uses: [llm] }
  model llm { type: llm }
  store notes { type: memory }
  toolserver github { protocol: mcp }
${body}
}
${after}`;

describe('agentic vocabulary', () => {
  it('accepts every new property in its documented form', () => {
    const result = parse(
      model(`  agent worker { memory: [notes], delegates_to: [planner], acts_as: user, runs_on: server }
  store shared_notes { type: memory, retention: persistent, shared: [users, agents] }
  tool issue { server: github, writes_to: [tickets], reversible: false, sandbox: vm, publisher: vendor, pinned: true, loaded: runtime }
  toolserver local { transport: stdio, location: local, scope: narrow, sandbox: container, loaded: install }
  service camera { type: capture, runs_on: client }
  service cloud { type: cloud_account }
  dataset links { content: links, publisher: community, namespace: "hub/x/y" }
  model mt { type: llm, task: [translation], publisher: vendor, namespace: "hub/acme/mt", decides: [spam] }`,
        'flow ok: planner -> issue { approval: human }',
      ).replace('system "S" { owner: "o" }', 'system "S" { owner: "o", controls: [audit_logging] }\ndata key { kind: credentials, unlocks: [llm, cloud] }\ndata specs { kind: tool_description }'),
      { file: 'a.aitm' },
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
    const worker = result.model.elements.find((e) => e.id === 'worker');
    expect(worker?.properties).toMatchObject({ memory: ['notes'], delegates_to: ['planner'], acts_as: 'user' });
  });

  it.each([
    ['a tool server that is not one', '  tool t { server: llm }', 'AITM302', '`llm` is a model, but `server` must be a tool server', 'llm'],
    ['a hand-off to a store', '  agent a { delegates_to: [notes] }', 'AITM302', '`notes` is a store, but `delegates_to` must be an agent', 'notes'],
    ['memory in a model', '  agent a { memory: [llm] }', 'AITM302', '`llm` is a model, but `memory` must be a store', 'llm'],
    ['a misspelt transport', '  toolserver s { transport: stdoi }', 'AITM402', undefined, 'stdoi'],
    ['a retention that does not exist', '  store s { retention: forever }', 'AITM402', undefined, 'forever'],
    ['approval on a flow, misspelt', 'flow planner -> github { approval: humen }', 'AITM402', undefined, 'humen'],
    ['a tool property on a tool server', '  toolserver s { writes_to: [web] }', 'AITM400', 'unknown property `writes_to` on a tool server', 'writes_to'],
  ])('reports %s at its place', (_, body, code, message, at) => {
    const text = body.startsWith('flow') ? model('', body) : model(body);
    const { diagnostics } = parse(text, { file: 'a.aitm' });
    const d = diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(diagnostics.map((x) => x.message))).toBeDefined();
    if (message) expect(d!.message).toBe(message);
    expect(d!.span?.file).toBe('a.aitm');
    const line = text.split('\n').findIndex((l) => l.includes(body.trim().slice(0, 12))) + 1;
    expect(d!.span).toMatchObject({ line, column: text.split('\n')[line - 1]!.indexOf(at) + 1 });
  });

  it('suggests the value meant', () => {
    const { diagnostics } = parse(model('  toolserver s { transport: stdoi }'), { file: 'a.aitm' });
    expect(diagnostics.find((d) => d.code === 'AITM402')?.help).toContain('`stdio`');
  });

  it('refuses an unknown credential target with a suggestion', () => {
    const text = model('').replace('system "S" { owner: "o" }', 'system "S" { owner: "o" }\ndata key { kind: credentials, unlocks: [githb] }');
    const { diagnostics } = parse(text, { file: 'a.aitm' });
    const d = diagnostics.find((x) => x.code === 'AITM301');
    expect(d?.help).toBe('did you mean `github`?');
    expect(d?.span).toMatchObject({ line: 2 });
  });
});
