import type { Element, ElementOf, Flow } from '../semantics/model.js';
import { statedControls, type ElementKind } from '../semantics/vocabulary.js';

/**
 * What an element or flow is, however the model says it: the one place where equivalent ways of
 * writing the same thing are made the same (a control declared or stated by a property, a tool's
 * provenance declared on it or on its server, code run by a tool or by a service). Predicates and
 * the engine read these rather than the raw properties, so a system gets the same findings
 * whichever valid way it is written.
 */

type Declaration = Element | Flow;

function kindOf(x: Declaration): ElementKind | 'flow' {
  return 'kind' in x ? x.kind : 'flow';
}

/** The controls a declaration's properties say are in place (`rate_limit` is `rate_limiting`). */
export function statedControlsOf(x: Declaration): readonly string[] {
  const kind = kindOf(x);
  const properties = x.properties as Readonly<Record<string, unknown>>;
  // Most declarations state none: nothing is allocated until one does.
  let found: string[] | undefined;
  for (let i = 0; i < statedControls.length; i++) {
    const { control, property, values, on } = statedControls[i]!;
    const value = properties[property];
    if (value === undefined) continue;
    if (on && !on.includes(kind)) continue;
    if (values && !values.includes(value as string | boolean)) continue;
    if (!found?.includes(control)) (found ??= []).push(control);
  }
  return found ?? noControls;
}
const noControls: readonly string[] = Object.freeze([]);

/** Whether a declaration has a control: in its `controls`, or stated by one of its properties. */
export function hasControl(x: Declaration, control: string): boolean {
  return x.controls.includes(control) || statedControlsOf(x).includes(control);
}

/** Who approves a call to a tool or a request along a flow; `human_approval` declared as a control counts as a person. */
export function approvalOf(x: Declaration): 'none' | 'policy' | 'human' {
  const declared = (x.properties as { readonly approval?: 'none' | 'policy' | 'human' }).approval;
  if (declared === 'human' || hasControl(x, 'human_approval')) return 'human';
  return declared ?? 'none';
}

/** The element runs code it is handed: a tool that executes, a service that interprets code or shell. */
export function executesCode(e: Element): boolean {
  if (e.kind === 'tool') return (e.properties.effect ?? []).includes('execute');
  if (e.kind === 'service') return (e.properties.interprets ?? []).some((x) => x === 'code' || x === 'shell');
  return false;
}

const irreversibleEffects = new Set(['financial', 'communication', 'execute']);

/** Where a tool comes from and what it may do, with what it does not say taken from its server. */
export interface ToolTraits {
  readonly origin: string | undefined;
  readonly publisher: string | undefined;
  readonly pinned: boolean | undefined;
  readonly loaded: string | undefined;
  readonly scope: string | undefined;
  readonly sandbox: string | undefined;
  readonly approval: 'none' | 'policy' | 'human';
  /** Its effect cannot be undone: said so, or (undeclared) a financial, communication or execute effect. */
  readonly irreversible: boolean;
}

type Tool = ElementOf<'tool'>;
type ToolServer = ElementOf<'toolserver'>;

export function toolTraits(tool: Tool, server: ToolServer | undefined): ToolTraits {
  const p = withServerProperties(tool, server).properties;
  const origin = p.origin ?? (server ? originOfServer(server) : undefined);
  return {
    origin,
    // A tool of the team's own making is published by the team, whatever it does not say.
    publisher: p.publisher ?? (origin === 'in_house' ? 'in_house' : undefined),
    pinned: p.pinned,
    loaded: p.loaded,
    scope: p.scope,
    sandbox: p.sandbox,
    approval: approvalOf(tool),
    irreversible: p.reversible === false || (p.reversible === undefined && (p.effect ?? []).some((x) => irreversibleEffects.has(x))),
  };
}

/** Where a tool server runs: as declared, or beside its caller when it speaks over standard input and output. */
export function locationOf(server: ToolServer): 'local' | 'remote' | undefined {
  return server.properties.location ?? (server.properties.transport === 'stdio' ? 'local' : undefined);
}

/** A tool's `origin`, as its server says it: your own, a local or a remote MCP server, or a remote plug-in. */
export function originOfServer(server: ToolServer): string | undefined {
  if (server.properties.publisher === 'in_house') return 'in_house';
  const location = locationOf(server);
  if (location === 'local') return 'local_mcp';
  if (location === 'remote') return server.properties.protocol === 'mcp' || server.properties.protocol === undefined ? 'remote_mcp' : 'plugin_registry';
  return undefined;
}

/** The properties a tool takes from its server where it does not declare them. */
const inherited = ['publisher', 'pinned', 'loaded', 'scope', 'sandbox'] as const;

/**
 * A tool's properties with what it does not declare taken from its server (see `inherited`): for
 * its traits, and for the controls its properties state (a tool run by a server in a virtual
 * machine is sandboxed).
 */
export function withServerProperties(tool: Tool, server: ToolServer | undefined): Tool {
  if (!server) return tool;
  const properties: Record<string, unknown> = { ...tool.properties };
  for (const key of inherited) if (properties[key] === undefined && server.properties[key] !== undefined) properties[key] = server.properties[key];
  return { ...tool, properties } as Tool;
}

/** The server a tool names, if it names one that is in the model. */
export function serverOf(tool: Tool, element: (id: string) => Element | undefined): ToolServer | undefined {
  const server = tool.properties.server === undefined ? undefined : element(tool.properties.server);
  return server?.kind === 'toolserver' ? server : undefined;
}
