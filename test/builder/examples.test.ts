import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineSystem, type BoundaryBuilder, type BuiltSystem, type DispositionTargetInput, type SystemBuilder } from '../../src/builder/define-system.js';
import { load } from '../../src/node/load.js';
import type { Boundary, Element, SystemModel } from '../../src/semantics/model.js';
import { findingsOf, messages, withoutSpans } from './helpers.js';

/**
 * The builder gives the same model, and so the same findings, as the .aitm files in examples/.
 * Every example is rebuilt mechanically from its loaded model (a builder program per file, written
 * by a function), and one is written out by hand below as a user would write it.
 *
 * examples/fine-tuning-service.aitm imports examples/shared/providers.aitm. The builder has no
 * imports: its rebuilt program declares the imported declarations in line, after the entry file's,
 * which is where the resolver puts them. Only `files` (stripped with the spans) tells the two apart.
 */
const examples = fs.readdirSync('examples').filter((f) => f.endsWith('.aitm'));

/** Drive the builder from a loaded model: the builder program equivalent to the file it came from. */
function rebuild(model: SystemModel): BuiltSystem {
  const system = model.system;
  if (!system) throw new Error('an example without a system');
  expect(model.elements.filter((e) => e.boundary === undefined)).toEqual([]);
  return defineSystem(system.name, system.properties, (s) => {
    for (const d of model.data) s.data(d.id, d.label, d.properties);
    for (const b of model.boundaries.filter((b) => b.parent === undefined)) {
      s.boundary(b.id, b.label, { trust: b.trust, ...b.properties }, (inner) => members(inner, b.id));
    }
    for (const f of model.flows) {
      s.flow(f.source, f.target, {
        ...(f.named ? { name: f.id } : {}),
        ...(f.label !== undefined ? { label: f.label } : {}),
        ...(f.bidirectional ? { bidirectional: true } : {}),
        ...f.properties,
        ...(f.carries.length > 0 ? { carries: f.carries } : {}),
        ...(f.controls.length > 0 ? { controls: f.controls } : {}),
      });
    }
    for (const d of model.dispositions) {
      const flow = d.target.type === 'flow' ? model.flows.find((f) => f.id === d.target.id) : undefined;
      const target: DispositionTargetInput = flow && !flow.named ? [flow.source, flow.target] : d.target.id;
      (s[d.kind] as (threat: string, target: DispositionTargetInput, properties: object) => void)(d.threat, target, d.properties);
    }
  });

  /** A boundary's elements and nested boundaries, in the order they were written. */
  function members(b: BoundaryBuilder, parent: string): void {
    const inside: (Element | Boundary)[] = [
      ...model.elements.filter((e) => e.boundary === parent),
      ...model.boundaries.filter((n) => n.parent === parent),
    ].sort((x, y) => x.span.offset - y.span.offset);
    for (const member of inside) {
      if ('kind' in member) {
        const properties = { ...member.properties, ...(member.controls.length > 0 ? { controls: member.controls } : {}) };
        (b[member.kind] as (id: string, label: string, properties: object) => unknown)(member.id, member.label, properties);
      } else {
        // Only a declared trust is written: a nested boundary without one inherits its parent's.
        b.boundary(member.id, member.label, member.properties, (inner) => members(inner, member.id));
      }
    }
  }
}

describe.each(examples)('examples/%s rebuilt with defineSystem', (name) => {
  const loaded = load(`examples/${name}`);
  const built = rebuild(loaded.model);

  it('resolves without a diagnostic', () => {
    expect(messages(loaded)).toEqual([]);
    expect(messages(built)).toEqual([]);
    expect(built.ok).toBe(true);
  });

  it('gives the same model', () => {
    expect(withoutSpans(built.model)).toStrictEqual(withoutSpans(loaded.model));
    expect(built.model.elements.length).toBeGreaterThan(5);
  });

  it('gives the same findings', () => {
    const expected = findingsOf(loaded.model);
    expect(findingsOf(built.model)).toStrictEqual(expected);
    expect(expected.summary.open + expected.summary.mitigated).toBeGreaterThan(0);
  });

  it('writes source that rebuilds to itself', () => {
    expect(rebuild(built.model).source).toBe(built.source);
    expect(built.sources.get('<builder>')?.text).toBe(built.source);
  });
});

describe('examples/agent-with-tools.aitm written with defineSystem by hand', () => {
  const opsbot = defineSystem(
    'Opsbot — on-call operations agent',
    {
      owner: 'sre@example.com',
      version: '0.9.0',
      description: 'Supervised LLM agent that investigates and remediates production incidents.',
      practices: [
        'threat_modeling',
        'model_selection_review',
        'supply_chain_review',
        'asset_inventory',
        'infrastructure_hardening',
        'red_teaming',
        'secure_defaults',
        'behaviour_monitoring',
      ],
    },
    (s: SystemBuilder) => {
      const task = s.data('task', 'Operator task', { classification: 'internal', kind: 'prompt' });
      const plan = s.data('plan', 'Agent plan and tool calls', { classification: 'internal', kind: 'model_output' });
      const commandOut = s.data('command_out', 'Command output and logs', { classification: 'confidential', kind: 'telemetry' });
      const webPage = s.data('web_page', 'Fetched web page', { classification: 'public', origin: 'untrusted', kind: 'documents' });
      const sourceCode = s.data('source_code', 'Repository contents', { classification: 'confidential', kind: 'code' });
      const incident = s.data('incident', 'Incident record', { classification: 'confidential', origin: 'untrusted', kind: 'general' });
      const statusMail = s.data('status_mail', 'Status update email', { classification: 'confidential', kind: 'general' });
      const notes = s.data('notes', 'Long-term memory notes', { classification: 'confidential', kind: 'general' });
      const weights = s.data('weights', 'Model weights', { classification: 'internal', kind: 'model_weights' });
      const githubToken = s.data('github_token', 'GitHub app token', { classification: 'restricted', kind: 'credentials' });
      const smtpPassword = s.data('smtp_password', 'SMTP relay password', { classification: 'restricted', kind: 'credentials' });
      const mcpKey = s.data('mcp_key', 'IncidentHub API key', { classification: 'restricted', kind: 'credentials' });
      const cloudRole = s.data('cloud_role', 'Cloud operator role', { classification: 'restricted', kind: 'credentials' });

      s.boundary('internet', 'Internet', { trust: 'untrusted' }, (b) => {
        b.service('websites', 'Any website', { type: 'other', exposure: 'public' });
        b.actor('recipients', 'Email recipients', { type: 'human' });
      });

      s.boundary('github_cloud', 'GitHub.com', { trust: 'external' }, (b) => {
        b.api('github_api', 'GitHub REST API', { exposure: 'public', auth: 'oauth2', rate_limit: '5000/h' });
      });

      s.boundary('incidenthub', 'IncidentHub (third-party MCP server)', { trust: 'external' }, (b) => {
        b.tool('incidents', 'IncidentHub tools', {
          effect: ['read', 'write', 'network'],
          approval: 'policy',
          origin: 'remote_mcp',
          scope: 'broad',
          fetches: ['tickets'],
          controls: ['tool_vetting'],
        });
      });

      s.boundary('corp', 'Corporate network', { trust: 'internal' }, (corp) => {
        corp.actor('engineer', 'On-call engineer', { type: 'human', authenticated: true });
        corp.service('console', 'Opsbot console', { type: 'web_app', exposure: 'internal', auth: 'oidc', interprets: ['markdown'] });
        corp.service('mail_relay', 'SMTP relay', { type: 'email', exposure: 'internal', auth: 'basic', controls: ['egress_filtering'] });

        corp.boundary('runtime', 'Agent runtime', { trust: 'restricted' }, (b) => {
          // `coder` and `memory` are declared further down: a plain id refers forward.
          b.agent('opsbot', 'Opsbot', {
            autonomy: 'supervised',
            uses: ['coder'],
            memory: ['memory'],
            credentials: [githubToken, smtpPassword, mcpKey],
            controls: ['tool_allowlist', 'prompt_isolation', 'audit_logging', 'secrets_management'],
          });
          b.store('memory', 'Agent memory', {
            type: 'memory',
            holds: [notes],
            encrypted: true,
            tenancy: 'single',
            controls: ['memory_validation'],
          });
          b.store('vault', 'Secrets vault', {
            type: 'key_value',
            holds: [githubToken, smtpPassword, mcpKey, cloudRole],
            encrypted: true,
            exposure: 'private',
            auth: 'iam',
            controls: ['secrets_management', 'audit_logging'],
          });
          b.tool('shell', 'Shell on the ops host', {
            effect: ['execute', 'write', 'network'],
            approval: 'human',
            origin: 'in_house',
            scope: 'admin',
            credentials: [cloudRole],
            controls: ['human_approval', 'sandboxing', 'egress_filtering'],
          });
          b.tool('fetch', 'Web fetch', {
            effect: ['read', 'network'],
            approval: 'none',
            origin: 'in_house',
            scope: 'narrow',
            fetches: ['web'],
            controls: ['egress_filtering'],
          });
          b.tool('send_mail', 'Send email', { effect: ['communication'], approval: 'policy', origin: 'in_house', scope: 'narrow' });
          b.tool('github', 'GitHub', {
            effect: ['read', 'write'],
            approval: 'policy',
            origin: 'third_party_package',
            scope: 'narrow',
            fetches: ['repository'],
            controls: ['least_privilege', 'dependency_pinning'],
          });
        });

        corp.boundary('gpu', 'GPU pool', (b) => {
          b.model('coder', 'Open-weights coding model', {
            type: 'llm',
            hosting: 'self_hosted',
            weights: 'open',
            format: 'safetensors',
            returns: ['text', 'structured'],
            decides: ['none'],
            provider: 'open-weights release, pinned by hash',
            stored_in: 'registry',
          });
          b.store('registry', 'Model registry', {
            type: 'model_registry',
            holds: [weights],
            encrypted: true,
            exposure: 'private',
            auth: 'iam',
            controls: ['artifact_signing', 'access_control'],
          });
        });
      });

      s.flow('engineer', 'console', { carries: [task, plan], protocol: 'https', encrypted: true, authenticated: true });
      s.flow('console', 'opsbot', {
        name: 'session',
        label: 'task, plan and approvals',
        bidirectional: true,
        carries: [task, plan],
        protocol: 'websocket',
        encrypted: true,
      });
      s.flow('opsbot', 'coder', {
        name: 'think',
        label: 'prompt and completion',
        carries: [task, plan, notes, webPage, commandOut, sourceCode, incident],
        protocol: 'grpc',
      });
      s.flow('coder', 'registry', { label: 'load weights at start-up', carries: [weights], protocol: 'https', integrity: true });
      s.flow('opsbot', 'memory', { bidirectional: true, carries: [notes], protocol: 'in_process' });
      s.flow('opsbot', 'vault', { carries: [githubToken, smtpPassword, mcpKey], protocol: 'https', authenticated: true });

      s.flow('opsbot', 'shell', { name: 'run', carries: [plan, commandOut], protocol: 'in_process' });
      s.flow('opsbot', 'fetch', { carries: [webPage], protocol: 'in_process' });
      s.flow('fetch', 'websites', { carries: [webPage], protocol: 'https' });
      s.flow('opsbot', 'github', { carries: [sourceCode], protocol: 'in_process' });
      s.flow('github', 'github_api', { carries: [sourceCode], protocol: 'https', encrypted: true, authenticated: true });
      s.flow('opsbot', 'incidents', { name: 'file_incident', carries: [incident], protocol: 'mcp', encrypted: true, authenticated: true });
      s.flow('opsbot', 'send_mail', { carries: [statusMail], protocol: 'in_process' });
      s.flow('send_mail', 'mail_relay', { carries: [statusMail], protocol: 'smtp', authenticated: true });
      s.flow('mail_relay', 'recipients', { carries: [statusMail], protocol: 'smtp' });

      s.mitigate('excessive-agency.broad-scope', 'opsbot', {
        by: 'Each command is shown in the console and runs only after the on-call engineer approves it.',
        status: 'verified',
        controls: ['human_approval'],
        owner: 'sre',
      });
      s.mitigate('prompt-injection.indirect', 'opsbot', {
        by: 'Web pages, tickets and command output are passed as fenced data; tools are allow-listed per task.',
        status: 'in_progress',
        controls: ['prompt_isolation', 'tool_allowlist'],
      });
      s.accept('supply-chain.poisoned-tool', 'incidents', {
        reason: 'IncidentHub is under contract and its tool descriptions are pinned; no alternative yet.',
        owner: 'Head of SRE',
        expires: '2027-03-31',
      });
      s.dismiss('exfiltration.rendered-output', 'opsbot', {
        reason: "The on-call console shows the agent's answers as plain text; it fetches no links or images.",
      });
    },
    { file: 'opsbot.aitm' },
  );
  const loaded = load('examples/agent-with-tools.aitm');

  it('resolves cleanly, with spans in the generated file', () => {
    expect(messages(opsbot)).toEqual([]);
    expect(opsbot.ok).toBe(true);
    expect(opsbot.file).toBe('opsbot.aitm');
    expect(opsbot.model.files).toEqual(['opsbot.aitm']);
    const agent = opsbot.model.elements.find((e) => e.id === 'opsbot')!;
    expect(opsbot.source.split('\n')[agent.span.line - 1]).toMatch(/^\s+agent opsbot "Opsbot" \{/);
  });

  it('is the model of the file', () => {
    expect(withoutSpans(opsbot.model)).toStrictEqual(withoutSpans(loaded.model));
  });

  it('has the findings of the file', () => {
    expect(findingsOf(opsbot.model)).toStrictEqual(findingsOf(loaded.model));
    const status = (threat: string, target: string) => statusOf(opsbot.model, threat, target);
    expect(status('exfiltration.lethal-trifecta', 'opsbot')).toBe('open');
    expect(status('supply-chain.poisoned-tool', 'incidents')).toBe('accepted');
    expect(status('excessive-agency.broad-scope', 'opsbot')).toBe('mitigated');
    expect(status('exfiltration.rendered-output', 'opsbot')).toBe('dismissed');
  });
});

function statusOf(model: SystemModel, threat: string, target: string) {
  const { findings } = findingsOf(model) as { findings: { threat: string; target: { id: string }; status: string }[] };
  return findings.find((f) => f.threat === threat && f.target.id === target)?.status;
}
