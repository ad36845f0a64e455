import { heldData, isLanguageModel, isSensitiveData, isSensitiveDataset, isUntrustedData, type Facts } from '../graph/facts.js';
import { approvalOf, executesCode, hasControl, locationOf, originOfServer, serverOf } from '../graph/traits.js';
import type { FlowEnd } from '../graph/build.js';
import { pathVia, type Reach, type Step } from '../graph/propagate.js';
import { byPosition, getOrMake } from '../util/maps.js';
import type { DataAsset, Element, ElementOf, Flow } from '../semantics/model.js';
import {
  classifications,
  dataProperties,
  elementKinds,
  elementProperties,
  trustLevels,
  type ElementKind,
} from '../semantics/vocabulary.js';

/**
 * The named conditions a catalog may use in `when`. Each is typed TypeScript with its own tests;
 * the catalog schema is generated from this table, so a catalog can name only predicates that
 * exist, with arguments of the right shape.
 *
 * A predicate answers with the evidence that it holds (a path of elements and flows, possibly
 * empty) or `null` when it does not.
 */
export type Target =
  /** `at`: the element's position in the model, by which facts are looked up without hashing its id. */
  | { readonly type: 'element'; readonly element: Element; readonly at: number }
  /** `at`: the flow's position in the model, for facts kept by position. */
  | { readonly type: 'flow'; readonly flow: Flow; readonly at: number };

export type Evidence = readonly Step[] | null;

interface PredicateDefinition<A> {
  readonly description: string;
  /**
   * What holding means for the target, as a clause of a finding's explanation ("it calls a
   * language model"); made from the arguments where they say what was asked for.
   */
  readonly reason: string | ((args: A) => string);
  /** What it can be asked about. */
  readonly appliesTo: 'element' | 'flow';
  /** JSON Schema of its `args` (an object; every field optional unless `required`). */
  readonly args: Record<string, unknown>;
  readonly test: (target: Target, args: A, facts: Facts) => Evidence;
  /**
   * For a predicate that holds where a fact reaches (content or requests coming in), that fact:
   * a control on its way counts for a finding only if the fact no longer reaches the target
   * once everything holding the control stops it.
   */
  readonly reach?: (args: A, facts: Facts) => Reach;
}

const list = (values: readonly string[]) => ({ type: 'array', items: { enum: [...values] }, minItems: 1, uniqueItems: true });
const noArgs = { type: 'object', properties: {}, additionalProperties: false };
const argsOf = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  additionalProperties: false,
  ...(required.length ? { required } : {}),
});

const allValues = <K extends ElementKind, P extends keyof (typeof elementProperties)[K]>(kind: K, property: P): readonly string[] =>
  ((elementProperties[kind][property] as { values?: readonly string[] }).values ?? []) as readonly string[];

const element = (target: Target): Element | undefined => (target.type === 'element' ? target.element : undefined);
const self = (id: string): Step[] => [{ type: 'element', id }];
/** The element at the other end of a flow, by position (predicates run for every target: no lookup by id). */
const otherEnd = (facts: Facts, end: FlowEnd): Element => facts.graph.model.elements[end.otherAt]!;
const evidence = (reach: Reach, target: Target): Evidence => (target.type === 'element' ? reach.pathTo(target.at) : null);
const intersects = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  b === undefined || (a ?? []).some((x) => b.includes(x));
const oneOf = (value: string | undefined, allowed: readonly string[] | undefined, unsetMatches = false) =>
  allowed === undefined || (value === undefined ? unsetMatches : allowed.includes(value));

interface DataFilter {
  readonly classification?: readonly string[];
  readonly kind?: readonly string[];
  readonly origin?: readonly string[];
  readonly pii?: boolean;
  readonly sensitive?: boolean;
}
const dataFilterArgs = {
  classification: list(classifications),
  kind: list(dataProperties.kind.values),
  origin: list(dataProperties.origin.values),
  pii: { type: 'boolean' },
  sensitive: { type: 'boolean' },
};
function dataMatches(data: DataAsset, filter: DataFilter): boolean {
  const p = data.properties;
  return (
    oneOf(p.classification, filter.classification) &&
    oneOf(p.kind, filter.kind) &&
    oneOf(p.origin, filter.origin) &&
    (filter.pii === undefined || (p.pii === true) === filter.pii) &&
    (filter.sensitive === undefined || isSensitiveData(data) === filter.sensitive)
  );
}

interface ToolFilter {
  readonly effect?: readonly string[];
  readonly approval?: readonly string[];
  readonly origin?: readonly string[];
  readonly scope?: readonly string[];
  readonly irreversible?: boolean;
}

function toolMatches(e: Element, filter: ToolFilter, facts: Facts): boolean {
  // A service that runs the code it is handed is a tool that executes, however it is written.
  if (e.kind === 'service' && executesCode(e)) {
    return (
      intersects(['execute'], filter.effect) &&
      oneOf(approvalOf(e), filter.approval) &&
      filter.origin === undefined &&
      filter.scope === undefined &&
      filter.irreversible !== false
    );
  }
  if (e.kind !== 'tool') return false;
  const traits = facts.toolTraits(e);
  return (
    intersects(e.properties.effect, filter.effect) &&
    // An undeclared approval is no approval: the safe reading for a threat model.
    oneOf(traits.approval, filter.approval) &&
    oneOf(traits.origin, filter.origin) &&
    oneOf(traits.scope, filter.scope) &&
    (filter.irreversible === undefined || traits.irreversible === filter.irreversible)
  );
}

/**
 * A search for calls a filter's approvals allow goes only along flows whose own approval the
 * filter allows too: a person approving each request on the way approves the call.
 */
function throughApproval(filter: ToolFilter): ((flow: Flow) => boolean) | undefined {
  const allowed = filter.approval;
  return allowed ? (flow) => allowed.includes(approvalOf(flow)) : undefined;
}

const isLlm = isLanguageModel;

/**
 * Cache keys for one predicate's arguments. The arguments come from the catalog and live as long
 * as it, so each key is made once, and is the same string every time (a map hashes it once).
 */
function keysFor(predicate: string): (args: object) => string {
  const keys = new WeakMap<object, string>();
  return (args) => getOrMake(keys, args, (a) => `${predicate} ${JSON.stringify(a)}`);
}
const toolKey = keysFor('tool');
const interpreterKey = keysFor('interpreter');
const actorKey = keysFor('actor');
const dataKey = keysFor('data');
const modelKey = keysFor('model');

function define<A>(definition: PredicateDefinition<A>): PredicateDefinition<A> {
  return definition;
}

type ElementTarget = Extract<Target, { type: 'element' }>;

/**
 * A test that depends on the element alone (a predicate without arguments), answered once per
 * element and analysis however many threats ask: these scan the element's flows, and an agent in a
 * dense model has hundreds.
 */
function oncePerElement(test: (target: ElementTarget, facts: Facts) => Evidence): PredicateDefinition<Record<string, never>>['test'] {
  const answers = new WeakMap<Facts, (at: number) => Evidence>();
  return (target, _args, facts) => {
    if (target.type !== 'element') return null;
    let answer = answers.get(facts);
    if (!answer) {
      const { elements } = facts.graph.model;
      answer = byPosition(elements.length, (at) => test({ type: 'element', element: elements[at]!, at }, facts));
      answers.set(facts, answer);
    }
    return answer(target.at);
  };
}

export const predicates = {
  'receives-untrusted-content': define<Record<string, never>>({
    reason: 'content an outsider controls reaches it',
    description:
      'Content an attacker can control reaches the element: from an actor outside the organisation, untrusted data, a public-web, user-generated, third-party or crowdsourced dataset, a store holding untrusted data, or a tool that fetches external content — directly or through any element in between.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => evidence(facts.untrusted, target),
    reach: (_args, facts) => facts.untrusted,
  }),
  'reads-sensitive-data': define<Record<string, never>>({
    reason: 'it can read sensitive data',
    description: 'The element can read confidential, restricted, personal or credential data.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => evidence(facts.sensitive, target),
  }),
  'can-send-externally': define<Record<string, never>>({
    reason: 'its output can leave the system through a channel an outsider reads',
    description:
      'Its output can leave the system through a channel an outsider can read: a tool with a network or communication effect, a service rendering markdown, HTML or URLs (which fetch images and links), email, or anything in an untrusted boundary.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => evidence(facts.egress, target),
  }),
  'reaches-tool': define<ToolFilter>({
    reason: (args) => `it can cause a call to ${describeTool(args)}`,
    description:
      'The element can cause a call to a tool matching the filter: it calls the tool, calls something that does, or (for a model) steers a caller that does. A service that interprets code or shell counts as a tool with the `execute` effect. A tool\'s approval is the strongest of its own and of the flows on the way (`human_approval` as a control counts as `approval: human`; undeclared is `none`); origin, scope and approval not declared on a tool are its server\'s; `irreversible` asks for effects that cannot be undone (declared `reversible: false`, or undeclared with a financial, communication or execute effect).',
    appliesTo: 'element',
    args: argsOf({
      effect: list(allValues('tool', 'effect')),
      approval: list(allValues('tool', 'approval')),
      origin: list(allValues('tool', 'origin')),
      scope: list(allValues('tool', 'scope')),
      irreversible: { type: 'boolean' },
    }),
    test: (target, args, facts) =>
      evidence(facts.reaches(toolKey(args), (e) => toolMatches(e, args, facts), { through: throughApproval(args) }), target),
  }),
  'output-reaches-interpreter': define<{ interprets: readonly string[] }>({
    reason: 'its output reaches something that interprets it as code',
    description:
      'The element\'s output can end up in a service that interprets it as one of the given languages (SQL, shell, HTML, markdown, code, templates, URLs): it sends to one, or answers one that calls it, directly or through others; `code` also matches tools that execute.',
    appliesTo: 'element',
    args: argsOf({ interprets: list(allValues('service', 'interprets')) }, ['interprets']),
    test: (target, args, facts) =>
      evidence(
        facts.reaches(
          interpreterKey(args),
          (e) => (e.kind === 'service' ? intersects(e.properties.interprets, args.interprets) : args.interprets.includes('code') && executesCode(e)),
          { answers: true },
        ),
        target,
      ),
  }),
  'publicly-exposed': define<Record<string, never>>({
    reason: 'anyone can reach it',
    description: 'Anyone can reach the element: its `exposure` is public, or an element in an untrusted boundary sends to it.',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => {
      const e = target.element;
      if ('exposure' in e.properties && e.properties.exposure === 'public') return self(e.id);
      const from = facts.graph.incomingAt(target.at).find((end) => facts.graph.trustAt(end.otherAt) === 'untrusted');
      return from ? pathVia(from.other, from.flow, e.id) : null;
    }),
  }),
  'requested-by-actor': define<{ readonly trust: readonly string[] }>({
    reason: (args) => `${orList(args.trust)} actors can send it requests`,
    description:
      'An actor whose trust level is one of these can send requests that reach the element, forward along flows through any number of elements in between (what that actor can ask directly, unlike content that arrives through stores or tools).',
    appliesTo: 'element',
    args: argsOf({ trust: list(trustLevels) }, ['trust']),
    test: (target, args, facts) => evidence(requestsFrom(args, facts), target),
    reach: requestsFrom,
  }),
  'calls-llm': define<Record<string, never>>({
    reason: 'it calls a language model',
    description: 'The element orchestrates a large language model: an agent that uses one, or anything with a flow to one.',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => callsLlm(target.element, target.at, facts)),
  }),
  'used-by-agent': define<Record<string, never>>({
    reason: 'an agent calls it',
    description:
      'An agent sends to the element: a flow from an agent, an agent\'s `uses` or `delegates_to`; for a tool server, an agent uses one of the tools it serves.',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => {
      const e = target.element;
      const flow = facts.graph.incomingAt(target.at).find((end) => otherEnd(facts, end).kind === 'agent');
      if (flow) return pathVia(flow.other, flow.flow, e.id);
      for (const id of facts.relations.serving.get(e.id) ?? []) {
        const at = facts.graph.indexOf(id);
        const call = facts.graph.incomingAt(at).find((end) => otherEnd(facts, end).kind === 'agent');
        if (call) return [...pathVia(call.other, call.flow, id), ...self(e.id)];
      }
      return null;
    }),
  }),
  'receives-llm-output': define<Record<string, never>>({
    reason: 'text a language model wrote reaches it',
    description:
      'Text a language model wrote reaches the element: it calls the model, or is sent or answered by something that has the model\'s output, directly or through others.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => (target.type === 'element' && !isLlm(target.element) ? evidence(facts.llmOutput, target) : null),
  }),
  'executes-code': define<Record<string, never>>({
    reason: 'it runs code it is handed',
    description: 'The element runs code it is handed: a tool with the `execute` effect, or a service that interprets code or shell.',
    appliesTo: 'element',
    args: noArgs,
    test: (target) => (target.type === 'element' && executesCode(target.element) ? self(target.element.id) : null),
  }),
  'receives-handoff': define<{ readonly authenticated?: boolean }>({
    reason: (args) => (args.authenticated === false ? 'another agent hands it tasks without either proving who it is' : 'another agent hands it tasks'),
    description:
      'Another agent hands the agent tasks: a flow from an agent, or an agent\'s `delegates_to`. With `authenticated: false`, only hand-offs on which the two agents do not authenticate each other (no `authenticated: true`, no `authentication` control on the flow).',
    appliesTo: 'element',
    args: argsOf({ authenticated: { type: 'boolean' } }),
    test: (target, args, facts) => {
      if (target.type !== 'element' || target.element.kind !== 'agent') return null;
      const handoff = facts.graph
        .incomingAt(target.at)
        .find((end) => otherEnd(facts, end).kind === 'agent' && (args.authenticated === undefined || hasControl(end.flow, 'authentication') === args.authenticated));
      return handoff ? pathVia(handoff.other, handoff.flow, target.element.id) : null;
    },
  }),
  'is-agent-memory': define<Record<string, never>>({
    reason: 'an agent keeps its memory in it',
    description: 'An agent keeps memory in the store: it is named in an agent\'s `memory`, or it is of type `memory` and an agent reads or writes it.',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => {
      const e = target.element;
      if (e.kind !== 'store') return null;
      const isMemory = (end: FlowEnd) => otherEnd(facts, end).kind === 'agent' && (end.flow.impliedBy === 'memory' || e.properties.type === 'memory');
      const into = facts.graph.incomingAt(target.at).find(isMemory);
      if (into) return pathVia(into.other, into.flow, e.id);
      const out = facts.graph.outgoingAt(target.at).find(isMemory);
      return out ? pathVia(e.id, out.flow, out.other) : null;
    }),
  }),
  'keeps-memory': define<{ readonly retention?: readonly string[]; readonly shared?: readonly string[] }>({
    reason: (args) => `it keeps ${args.shared ? `memory shared by ${args.shared.join(' and ')}` : 'memory'}${args.retention?.includes('persistent') ? ' across sessions' : ''}`,
    description:
      'The agent keeps memory in a store matching the filter: one named in its `memory`, or a store of type `memory` it reads or writes. Undeclared `retention` counts as `persistent`; `shared` asks for memory several users or agents share.',
    appliesTo: 'element',
    args: argsOf({ retention: list(allValues('store', 'retention')), shared: list(allValues('store', 'shared')) }),
    test: (target, args, facts) => {
      if (target.type !== 'element' || target.element.kind !== 'agent') return null;
      const agent = target.element;
      const named = new Set(agent.properties.memory ?? []);
      const matches = (end: FlowEnd) => {
        const store = otherEnd(facts, end);
        if (store.kind !== 'store' || !(named.has(store.id) || store.properties.type === 'memory')) return false;
        return oneOf(store.properties.retention ?? 'persistent', args.retention) && intersects(store.properties.shared, args.shared);
      };
      const out = facts.graph.outgoingAt(target.at).find(matches);
      if (out) return pathVia(agent.id, out.flow, out.other);
      const into = facts.graph.incomingAt(target.at).find(matches);
      return into ? pathVia(into.other, into.flow, agent.id) : null;
    },
  }),
  'collects-untrusted-content': define<Record<string, never>>({
    reason: 'the running system writes content outsiders control into it',
    description:
      'The store or dataset is written while the system runs (a service, API, agent or tool sends to it) and content an outsider controls reaches it: a log of conversations, feedback, uploads.',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => {
      const e = target.element;
      if (e.kind !== 'store' && e.kind !== 'dataset') return null;
      const written = facts.graph.incomingAt(target.at).some((end) => runtimeWriters.has(otherEnd(facts, end).kind));
      return written ? facts.untrusted.pathTo(target.at) : null;
    }),
  }),
  'holds-key-to': define<{ readonly kind?: readonly ElementKind[]; readonly hosting?: readonly string[]; readonly type?: readonly string[] }>({
    reason: (args) => `it holds a credential that unlocks ${args.kind?.includes('model') ? 'a hosted model' : args.type?.includes('cloud_account') ? 'a cloud account' : 'another element'}`,
    description:
      'The element has a credential (its own, a store\'s, its server\'s, or carried by one of its flows) whose `unlocks` names an element of the given kind, model `hosting` or service `type`.',
    appliesTo: 'element',
    args: argsOf({ kind: list(elementKinds), hosting: list(allValues('model', 'hosting')), type: list(allValues('service', 'type')) }),
    test: (target, args, facts) => {
      if (target.type !== 'element') return null;
      for (const credential of facts.credentialsAt(target.at)) {
        for (const id of credential.properties.unlocks ?? []) {
          const unlocked = facts.graph.elements.get(id)!;
          const p = unlocked.properties as { readonly hosting?: string; readonly type?: string };
          const matches =
            (args.kind === undefined || args.kind.includes(unlocked.kind)) &&
            (args.hosting === undefined || (unlocked.kind === 'model' && oneOf(p.hosting, args.hosting))) &&
            (args.type === undefined || (unlocked.kind === 'service' && oneOf(p.type, args.type)));
          if (matches) return [...self(target.element.id), ...self(unlocked.id)];
        }
      }
      return null;
    },
  }),
  'returns-untrusted-content': define<Record<string, never>>({
    reason: 'what it returns can hold content an outsider controls',
    description:
      'What the element hands back to its callers can carry content an outsider controls: a tool that `fetches` outside content, or anything that reads from an element such content reaches (a ticket database, a shared drive).',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => {
      const e = target.element;
      if (e.kind === 'tool' && (e.properties.fetches ?? []).length > 0) return self(e.id);
      const read = facts.graph.outgoingAt(target.at).find((end) => facts.untrusted.pathTo(end.otherAt) !== null);
      return read ? [...facts.untrusted.pathTo(read.otherAt)!, ...pathVia(e.id, read.flow, read.other).slice(1, 2), ...self(e.id)] : null;
    }),
  }),
  'reaches-model': define<{ readonly type?: readonly string[]; readonly hosting?: readonly string[] }>({
    reason: 'its requests reach a model',
    description: 'The element can send requests, directly or through others, to a model matching the filter (its `type` and `hosting`).',
    appliesTo: 'element',
    args: argsOf({ type: list(allValues('model', 'type')), hosting: list(allValues('model', 'hosting')) }),
    test: (target, args, facts) =>
      evidence(
        facts.reaches(modelKey(args), (e) => e.kind === 'model' && oneOf(e.properties.type, args.type) && oneOf(e.properties.hosting, args.hosting)),
        target,
      ),
  }),
  'reaches-data': define<DataFilter & { readonly write?: boolean }>({
    reason: (args) => `it can ${args.write ? 'write to' : 'send requests to'} where ${describeData(args)} is kept`,
    description:
      'The element can send requests, directly or through others, to an element that keeps data matching the filter (a store\'s `holds`, a dataset\'s `contains`). With `write: true`, only through tools that can write or execute (a read-only tool on the way cannot change what is kept).',
    appliesTo: 'element',
    args: argsOf({ ...dataFilterArgs, write: { type: 'boolean' } }),
    test: (target, args, facts) =>
      evidence(
        facts.reaches(dataKey(args), (e) => heldData(e).some((id) => dataMatches(facts.graph.data.get(id)!, args)), {
          through: args.write ? (flow) => canWrite(facts.graph.elements.get(flow.source)) : undefined,
        }),
        target,
      ),
  }),
  'open-weights': define<Record<string, never>>({
    reason: 'its weights, or those of a model it derives from, are public',
    description: 'The model\'s weights are openly published (`weights: open`), or it was derived (`base`, at any depth) from a model whose weights are.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => {
      const path: Step[] = [];
      const seen = new Set<string>();
      for (let e = element(target); e?.kind === 'model' && !seen.has(e.id); e = e.properties.base ? facts.graph.elements.get(e.properties.base) : undefined) {
        seen.add(e.id);
        path.unshift(...self(e.id));
        if (e.properties.weights === 'open') return path;
      }
      return null;
    },
  }),
  'retrieved-by-llm-app': define<Record<string, never>>({
    reason: 'a language-model application reads it',
    description: 'Something that calls a language model reads the store or dataset: a flow either way between them.',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => {
      const e = target.element;
      if (e.kind !== 'store' && e.kind !== 'dataset') return null;
      const llmApp = (end: FlowEnd) => callsLlm(otherEnd(facts, end), end.otherAt, facts) !== null;
      const into = facts.graph.incomingAt(target.at).find(llmApp);
      if (into) return pathVia(into.other, into.flow, e.id);
      const out = facts.graph.outgoingAt(target.at).find(llmApp);
      return out ? pathVia(e.id, out.flow, out.other) : null;
    }),
  }),
  'held-by-outsiders': define<Record<string, never>>({
    reason: 'it is in outsiders\' hands',
    description: 'Outsiders hold the element itself: it runs on the user\'s own device (`runs_on: client`) or sits in an untrusted boundary.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => {
      if (target.type !== 'element') return null;
      const e = target.element;
      const onClient = 'runs_on' in e.properties && e.properties.runs_on === 'client';
      return onClient || facts.graph.trustAt(target.at) === 'untrusted' ? self(e.id) : null;
    },
  }),
  'fetched-from-unvetted-namespace': define<Record<string, never>>({
    reason: 'it is fetched by name from a namespace nobody has vetted',
    description:
      'The element is fetched by name from a hub, registry or someone else\'s server — a model with open or third-party weights or a `namespace`, a dataset with a `namespace`, a tool or tool server that is not your own — and its `publisher` is a community account, unknown or not declared (for a tool, its server\'s counts).',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => {
      const e = element(target);
      if (!e) return null;
      let publisher: string | undefined;
      let byName: boolean;
      if (e.kind === 'model') {
        ({ publisher } = e.properties);
        byName = e.properties.namespace !== undefined || ((e.properties.weights === 'open' || e.properties.weights === 'third_party') && e.properties.hosting !== 'external_api');
      } else if (e.kind === 'dataset') {
        ({ publisher } = e.properties);
        byName = e.properties.namespace !== undefined;
      } else if (e.kind === 'tool') {
        const traits = facts.toolTraits(e);
        publisher = traits.publisher;
        byName = traits.origin !== undefined && traits.origin !== 'in_house';
      } else if (e.kind === 'toolserver') {
        ({ publisher } = e.properties);
        byName = originOfServer(e) !== 'in_house';
      } else return null;
      return byName && publisher !== 'in_house' && publisher !== 'vendor' ? self(e.id) : null;
    },
  }),
  'serves-tool-descriptions': define<DataFilter>({
    reason: (args) => `it hands out ${args.origin?.includes('untrusted') ? 'untrusted ' : ''}tool descriptions`,
    description:
      'A flow to or from the tool or tool server carries tool descriptions (data of kind `tool_description`) matching the filter: what it tells a model about its tools.',
    appliesTo: 'element',
    args: argsOf(dataFilterArgs),
    test: (target, args, facts) => {
      if (target.type !== 'element' || (target.element.kind !== 'tool' && target.element.kind !== 'toolserver')) return null;
      const describes = (end: FlowEnd) =>
        end.flow.carries.some((id) => {
          const data = facts.graph.data.get(id)!;
          return data.properties.kind === 'tool_description' && dataMatches(data, args);
        });
      const out = facts.graph.outgoingAt(target.at).find(describes);
      if (out) return pathVia(target.element.id, out.flow, out.other);
      const into = facts.graph.incomingAt(target.at).find(describes);
      return into ? pathVia(into.other, into.flow, target.element.id) : null;
    },
  }),
  'supplied-by': define<{
    readonly origin?: readonly string[];
    readonly publisher?: readonly string[];
    readonly loaded?: readonly string[];
    readonly location?: readonly string[];
    readonly pinned?: boolean;
  }>({
    reason: (args) => `it ${describeSupply(args)}`,
    description:
      'Where a tool or tool server comes from, with what a tool does not declare taken from its server (a remote MCP server\'s tools are `remote_mcp`, a local one\'s `local_mcp`). An undeclared `publisher` matches no value (ask `not` of `in_house` for \"anyone but the team\"); undeclared `pinned` counts as false.',
    appliesTo: 'element',
    args: argsOf({
      origin: list(allValues('tool', 'origin')),
      publisher: list(allValues('tool', 'publisher')),
      loaded: list(allValues('tool', 'loaded')),
      location: list(allValues('toolserver', 'location')),
      pinned: { type: 'boolean' },
    }),
    test: (target, args, facts) => {
      const e = element(target);
      if (!e) return null;
      let facets: { readonly origin?: string; readonly publisher?: string; readonly loaded?: string; readonly pinned?: boolean };
      let server: ElementOf<'toolserver'> | undefined;
      if (e.kind === 'tool') {
        server = serverOf(e, (id) => facts.graph.elements.get(id));
        facets = facts.toolTraits(e);
      } else if (e.kind === 'toolserver') {
        facets = { ...e.properties, origin: originOfServer(e) };
        server = e;
      } else return null;
      const ok =
        oneOf(facets.origin, args.origin) &&
        oneOf(facets.publisher, args.publisher) &&
        oneOf(facets.loaded, args.loaded) &&
        oneOf(server && locationOf(server), args.location) &&
        (args.pinned === undefined || (facets.pinned ?? false) === args.pinned);
      if (!ok) return null;
      return server && server !== e ? [...self(server.id), ...self(e.id)] : self(e.id);
    },
  }),
  'trained-on': define<{
    readonly via?: readonly ('training' | 'fine_tuning')[];
    readonly source?: readonly string[];
    readonly labeling?: readonly string[];
    readonly provenance?: readonly string[];
    readonly purpose?: readonly string[];
    readonly sensitive?: boolean;
  }>({
    reason: (args) => `it ${args.via?.length === 1 && args.via[0] === 'fine_tuning' ? 'was fine-tuned' : 'learnt'} from ${args.sensitive ? 'sensitive' : 'such'} data`,
    description:
      'The model was trained or fine-tuned (`via`) on a dataset matching the filter — named in `trained_on` / `fine_tuned_on`, or consumed by a pipeline that produces the model. An undeclared `provenance` counts as `unknown`.',
    appliesTo: 'element',
    args: argsOf({
      via: list(['training', 'fine_tuning']),
      source: list(allValues('dataset', 'source')),
      labeling: list(allValues('dataset', 'labeling')),
      provenance: list(allValues('dataset', 'provenance')),
      purpose: list(allValues('dataset', 'purpose')),
      sensitive: { type: 'boolean' },
    }),
    test: (target, args, facts) => {
      const e = element(target);
      if (!e || e.kind !== 'model') return null;
      for (const { dataset, via, path } of trainingSets(e, facts)) {
        if (args.via && !args.via.includes(via)) continue;
        const p = dataset.properties;
        const sensitive = isSensitiveDataset(dataset, (id) => facts.graph.data.get(id)!);
        if (
          intersects(p.source, args.source) &&
          oneOf(p.labeling, args.labeling) &&
          oneOf(p.provenance ?? 'unknown', args.provenance) &&
          intersects(p.purpose, args.purpose) &&
          (args.sensitive === undefined || sensitive === args.sensitive)
        ) {
          return path;
        }
      }
      return null;
    },
  }),
  'holds-data': define<DataFilter & { readonly content?: boolean }>({
    reason: (args) => `it keeps ${describeData(args)}`,
    description:
      'The element keeps data matching the filter: a store\'s `holds`, a dataset\'s `contains`, or its `credentials`; with `content: true`, only what it keeps as content (`holds`, `contains`), not the credentials it uses.',
    appliesTo: 'element',
    args: argsOf({ ...dataFilterArgs, content: { type: 'boolean' } }),
    test: (target, args, facts) => {
      const e = element(target);
      if (!e) return null;
      const ids = args.content ? heldData(e) : [...heldData(e), ...(e.properties.credentials ?? [])];
      return ids.some((id) => dataMatches(facts.graph.data.get(id)!, args)) ? self(e.id) : null;
    },
  }),
  'in-trust': define<{ readonly trust: readonly string[] }>({
    reason: (args) => `its boundary is ${args.trust.join(' or ')}`,
    description: 'The element\'s effective trust level (its boundary\'s; `untrusted` outside every boundary) is one of these.',
    appliesTo: 'element',
    args: argsOf({ trust: list(trustLevels) }, ['trust']),
    test: (target, args, facts) => {
      return target.type === 'element' && args.trust.includes(facts.graph.trustAt(target.at)) ? self(target.element.id) : null;
    },
  }),
  'has-credentials': define<Record<string, never>>({
    reason: 'it holds credentials',
    description:
      'The element holds credentials: its `credentials`, a store holding data of kind `credentials`, its tool server\'s `credentials`, or a flow that carries credentials to or from it (what a flow carries, both its ends have).',
    appliesTo: 'element',
    args: noArgs,
    test: oncePerElement((target, facts) => {
      const e = target.element;
      if (facts.credentialsAt(target.at).length === 0) return null;
      const isCredential = (end: FlowEnd) => end.flow.carries.some((id) => facts.graph.data.get(id)!.properties.kind === 'credentials');
      const into = facts.graph.incomingAt(target.at).find(isCredential);
      if (into && (e.properties.credentials ?? []).length === 0) return pathVia(into.other, into.flow, e.id);
      return self(e.id);
    }),
  }),
  'uses-store': define<{ readonly type?: readonly string[]; readonly tenancy?: readonly string[] }>({
    reason: (args) => `it reads or writes ${args.tenancy?.includes('multi') ? 'a shared ' : 'a '}${args.type?.length === 1 ? `${args.type[0]} ` : ''}store`,
    description: 'The element reads or writes a store matching the filter: a flow either way, or an agent\'s `memory`.',
    appliesTo: 'element',
    args: argsOf({ type: list(allValues('store', 'type')), tenancy: list(allValues('store', 'tenancy')) }),
    test: (target, args, facts) => {
      if (target.type !== 'element') return null;
      const e = target.element;
      const matches = (s: Element | undefined) =>
        s?.kind === 'store' && oneOf(s.properties.type, args.type) && oneOf(s.properties.tenancy, args.tenancy);
      const out = facts.graph.outgoingAt(target.at).find((end) => matches(otherEnd(facts, end)));
      if (out) return pathVia(e.id, out.flow, out.other);
      const into = facts.graph.incomingAt(target.at).find((end) => matches(otherEnd(facts, end)));
      return into ? pathVia(into.other, into.flow, e.id) : null;
    },
  }),
  'feeds-training': define<Record<string, never>>({
    reason: 'a model learns from it',
    description:
      'The dataset or store is used to train or fine-tune a model: named in a model\'s `trained_on` / `fine_tuned_on`, consumed by a training or fine-tuning pipeline, or sent to one by a flow.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => {
      if (target.type !== 'element') return null;
      const e = target.element;
      for (const id of facts.relations.learntFromBy.get(e.id) ?? []) {
        const other = facts.graph.elements.get(id)!;
        if (other.kind === 'model' || isTraining(other)) return [...self(e.id), ...self(other.id)];
      }
      const flow = facts.graph.outgoingAt(target.at).find((end) => {
        const p = otherEnd(facts, end);
        return p.kind === 'pipeline' && isTraining(p);
      });
      return flow ? pathVia(e.id, flow.flow, flow.other) : null;
    },
  }),
  'holds-model-weights': define<Record<string, never>>({
    reason: 'it keeps model weights',
    description: 'The store keeps model weights: a model registry, a store holding data of kind `model_weights`, or the `stored_in` of a model.',
    appliesTo: 'element',
    args: noArgs,
    test: (target, _args, facts) => {
      const e = element(target);
      if (!e || e.kind !== 'store') return null;
      if (e.properties.type === 'model_registry') return self(e.id);
      if ((e.properties.holds ?? []).some((id) => facts.graph.data.get(id)!.properties.kind === 'model_weights')) return self(e.id);
      const stored = facts.relations.storing.get(e.id)?.[0];
      return stored ? [...self(stored), ...self(e.id)] : null;
    },
  }),
  'carries-data': define<DataFilter>({
    reason: (args) => `it carries ${describeData(args)}`,
    description:
      'The flow carries a data asset matching the filter. For untrusted data the evidence is the way it came, from where outsiders\' content starts, then along the flow; otherwise the flow alone.',
    appliesTo: 'flow',
    args: argsOf(dataFilterArgs),
    test: (target, args, facts) => {
      if (target.type !== 'flow') return null;
      const carried = facts.carriedAt(target.at);
      for (let i = 0; i < carried.length; i++) {
        const data = carried[i]!;
        if (dataMatches(data, args)) return isUntrustedData(data) ? facts.untrustedAlong(target.at) : facts.alongFlow(target.at);
      }
      return null;
    },
  }),
  'crosses-boundary': define<{ readonly direction?: readonly string[]; readonly toTrust?: readonly string[]; readonly fromTrust?: readonly string[] }>({
    reason: (args) => `it crosses a trust boundary${args.toTrust ? ` into ${args.toTrust.join(' or ')}` : ''}${args.fromTrust ? ` from ${args.fromTrust.join(' or ')}` : ''}`,
    description:
      'The flow joins elements in different boundaries; `direction` is inbound (into higher trust), outbound (into lower trust) or lateral, `toTrust` / `fromTrust` the trust of its ends.',
    appliesTo: 'flow',
    args: argsOf({ direction: list(['inbound', 'outbound', 'lateral']), toTrust: list(trustLevels), fromTrust: list(trustLevels) }),
    test: (target, args, facts) => {
      if (target.type !== 'flow') return null;
      const crossing = facts.crossing(target.at);
      if (!crossing) return null;
      const ok =
        oneOf(crossing.direction, args.direction) && oneOf(crossing.to, args.toTrust) && oneOf(crossing.from, args.fromTrust);
      return ok ? facts.alongFlow(target.at) : null;
    },
  }),
  'flow-end': define<{
    readonly end: 'source' | 'target';
    readonly kind?: readonly ElementKind[];
    readonly llm?: boolean;
    readonly hosting?: readonly string[];
    readonly task?: readonly string[];
  }>({
    reason: (args) =>
      `its ${args.end} is ${args.llm ? 'a language model' : args.kind ? `a ${args.kind.join(' or ')}` : 'such an element'}${args.hosting ? ` hosted ${args.hosting.join(' or ')}` : ''}${args.task ? ` that does ${orList(args.task)}` : ''}`,
    description:
      'One end of the flow is an element of the given kind; `llm` asks for a large language model, `hosting` for where a model runs, `task` for what a model is asked to do.',
    appliesTo: 'flow',
    args: argsOf(
      {
        end: { enum: ['source', 'target'] },
        kind: list(elementKinds),
        llm: { type: 'boolean' },
        hosting: list(allValues('model', 'hosting')),
        task: list(allValues('model', 'task')),
      },
      ['end'],
    ),
    test: (target, args, facts) => {
      if (target.type !== 'flow') return null;
      const e = facts.graph.elements.get(args.end === 'source' ? target.flow.source : target.flow.target)!;
      const model = e.kind === 'model' ? e.properties : undefined;
      const ok =
        (args.kind === undefined || args.kind.includes(e.kind)) &&
        (args.llm === undefined || isLlm(e) === args.llm) &&
        oneOf(model?.hosting, args.hosting) &&
        intersects(model?.task ?? [], args.task);
      return ok ? self(e.id) : null;
    },
  }),
} as const;

export type PredicateName = keyof typeof predicates;
export const predicateNames = Object.keys(predicates) as PredicateName[];

/** Where requests from actors of the given trust levels reach. */
function requestsFrom(args: { readonly trust: readonly string[] }, facts: Facts): Reach {
  return facts.requestedBy(actorKey(args), (e) => args.trust.includes(facts.graph.trust(e.id)));
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** A data filter in words: "credentials", "sensitive data", "untrusted documents". */
function describeData(filter: DataFilter): string {
  const kinds = filter.kind?.map((k) => k.replace(/_/g, ' ')).join(' or ');
  const qualities = [filter.sensitive ? 'sensitive' : '', filter.origin?.includes('untrusted') ? 'untrusted' : '', filter.pii ? 'personal' : '', filter.classification?.join(' or ') ?? '']
    .filter(Boolean)
    .join(' ');
  return [qualities, kinds ?? 'data'].filter(Boolean).join(' ');
}

/** A tool filter in words: "a tool that can `write` or `execute`, approved by none". */
function describeTool(filter: ToolFilter): string {
  const parts: string[] = [];
  if (filter.irreversible) parts.push('whose effect cannot be undone');
  if (filter.effect) parts.push(`with a ${orList(filter.effect.map((e) => `\`${e}\``))} effect`);
  if (filter.scope) parts.push(`with ${filter.scope.join(' or ')} permissions`);
  if (filter.origin) parts.push(`from ${filter.origin.map((o) => o.replace(/_/g, ' ')).join(' or ')}`);
  if (filter.approval) parts.push(filter.approval.includes('policy') ? 'that no person approves' : 'that nobody approves');
  return `a tool ${parts.join(', ')}`.trimEnd();
}

/** Where a tool or tool server comes from, in words, from what `supplied-by` asked. */
function describeSupply(filter: { origin?: readonly string[]; publisher?: readonly string[]; loaded?: readonly string[]; location?: readonly string[]; pinned?: boolean }): string {
  const parts: string[] = [];
  if (filter.location) parts.push(`runs ${filter.location.join(' or ')}ly`);
  if (filter.origin) parts.push(`comes from ${filter.origin.map((o) => o.replace(/_/g, ' ')).join(' or ')}`);
  if (filter.publisher) parts.push(`is published by ${filter.publisher.join(' or ')}`);
  if (filter.loaded) parts.push(`is fetched at ${filter.loaded.join(' or ')}`);
  if (filter.pinned !== undefined) parts.push(filter.pinned ? 'is pinned' : 'is not pinned');
  return parts.join(' and ') || 'comes from where the threat asks';
}

/** A tool that can change what it reaches (write or execute), or anything that is not a tool. */
function canWrite(e: Element | undefined): boolean {
  return e?.kind !== 'tool' || (e.properties.effect ?? []).some((x) => x === 'write' || x === 'execute');
}

/** Whether an element orchestrates a language model: a flow to one, or an agent's `uses`. */
function callsLlm(e: Element, at: number, facts: Facts): Evidence {
  const flow = facts.graph.outgoingAt(at).find((end) => isLlm(otherEnd(facts, end)));
  if (flow) return pathVia(e.id, flow.flow, flow.other);
  // A `uses` whose model also sends to the agent is joined by that flow, not by one of its own.
  const used = e.kind === 'agent' ? (e.properties.uses ?? []).find((id) => isLlm(facts.graph.elements.get(id))) : undefined;
  return used ? [...self(e.id), ...self(used)] : null;
}

/** What sends to a store or dataset while the system runs, as opposed to a person or an offline job. */
const runtimeWriters = new Set<ElementKind>(['service', 'api', 'agent', 'tool']);

function isTraining(pipeline: Element): boolean {
  return pipeline.kind === 'pipeline' && (pipeline.properties.stage ?? []).some((s) => s === 'training' || s === 'fine_tuning');
}

/** Every dataset a model learnt from, with how and the evidence path. */
function trainingSets(model: Element & { kind: 'model' }, facts: Facts) {
  const sets: { dataset: Element & { kind: 'dataset' }; via: 'training' | 'fine_tuning'; path: Step[] }[] = [];
  const add = (id: string, via: 'training' | 'fine_tuning', path: Step[]) => {
    const dataset = facts.graph.elements.get(id);
    if (dataset?.kind === 'dataset') sets.push({ dataset, via, path });
  };
  for (const id of model.properties.trained_on ?? []) add(id, 'training', [...self(id), ...self(model.id)]);
  for (const id of model.properties.fine_tuned_on ?? []) add(id, 'fine_tuning', [...self(id), ...self(model.id)]);
  for (const id of facts.relations.producedBy.get(model.id) ?? []) {
    const pipeline = facts.graph.elements.get(id)!;
    if (pipeline.kind !== 'pipeline' || !isTraining(pipeline)) continue;
    const via = (pipeline.properties.stage ?? []).includes('fine_tuning') ? 'fine_tuning' : 'training';
    for (const id of pipeline.properties.consumes ?? []) add(id, via, [...self(id), ...self(pipeline.id), ...self(model.id)]);
  }
  return sets;
}

export { isUntrustedData };
