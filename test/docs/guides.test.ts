import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze } from '../../src/engine/analyze.js';
import { severities } from '../../src/engine/severity.js';
import { starterModel, templateNames } from '../../src/init/templates.js';

/**
 * The how-to guides are read by people who copy their commands and workflows verbatim, so what
 * they show must work: workflows are well-formed YAML with the keys GitHub needs, every aitm
 * command uses a real subcommand and real flags, every relative link resolves, and the sample
 * models and output of the getting-started guide match what aitm does with the rag starter.
 */

const guides = ['docs/getting-started.md', 'docs/ci.md'] as const;
const read = (file: string) => fs.readFileSync(file, 'utf8');

interface Fence {
  readonly lang: string;
  readonly body: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
}

/** Fenced code blocks, line by line: a fence closes only on a run of backticks at least as long as its opening. */
function fences(markdown: string): Fence[] {
  const result: Fence[] = [];
  let open: { ticks: number; lang: string; line: number; body: string[] } | undefined;
  markdown.split('\n').forEach((line, index) => {
    const fence = /^(`{3,})\s*([\w-]*)\s*$/.exec(line);
    if (!open) {
      if (fence) open = { ticks: fence[1]!.length, lang: fence[2]!, line: index + 1, body: [] };
    } else if (fence && fence[2] === '' && fence[1]!.length >= open.ticks) {
      result.push({ lang: open.lang, body: open.body.join('\n'), line: open.line });
      open = undefined;
    } else {
      open.body.push(line);
    }
  });
  if (open) throw new Error(`code fence opened on line ${open.line} is never closed`);
  return result;
}

/** A Markdown file without its fenced blocks. */
function withoutFences(markdown: string): string {
  const lines = markdown.split('\n');
  let ticks = 0;
  const kept = lines.filter((line) => {
    const fence = /^(`{3,})/.exec(line)?.[1]?.length ?? 0;
    if (ticks === 0 && fence) return (ticks = fence), false;
    if (ticks > 0) {
      if (fence >= ticks && /^`+\s*$/.test(line)) ticks = 0;
      return false;
    }
    return true;
  });
  return kept.join('\n');
}

/** The prose of a Markdown file: fenced blocks and inline code removed. */
const prose = (markdown: string) => withoutFences(markdown).replace(/`[^`\n]*`/g, '');

// ---- A small YAML subset ---------------------------------------------------------------------
//
// No YAML library is installed, and the workflows in the guides need little: block mappings and
// sequences indented by two spaces, plain and quoted scalars, short flow sequences and `|` block
// scalars. This reads that subset and rejects everything outside it, including the mistakes a
// real YAML parser would reject (tabs, stray indentation, duplicate keys, `: ` or a reserved
// character in an unquoted value).

type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

function parseYaml(text: string): Yaml {
  const lines = text.split('\n');
  let i = 0;
  const fail = (line: number, message: string): never => {
    throw new Error(`YAML line ${line + 1}: ${message}\n  ${lines[line] ?? ''}`);
  };
  const isItem = (t: string) => t === '-' || t.startsWith('- ');

  /** The next line that is not blank or a comment, without consuming it. */
  function peek(): { indent: number; text: string } | undefined {
    while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.trimStart().startsWith('#'))) i++;
    const raw = lines[i];
    if (raw === undefined) return undefined;
    if (/^ *\t/.test(raw)) fail(i, 'tab in indentation');
    return { indent: raw.length - raw.trimStart().length, text: raw.trim() };
  }

  function block(indent: number): Yaml {
    return isItem(peek()!.text) ? sequence(indent) : mapping(indent);
  }

  function mapping(indent: number): Yaml {
    const result: Record<string, Yaml> = {};
    for (let line = peek(); line && line.indent === indent && !isItem(line.text); line = peek()) {
      const m = /^([A-Za-z0-9_][\w.-]*|"[^"]*"|'[^']*'):(?:\s+(.*))?$/.exec(line.text);
      if (!m) return fail(i, 'expected `key: value`');
      const key = m[1]!.replace(/^(["'])(.*)\1$/, '$2');
      if (key in result) fail(i, `duplicate key \`${key}\``);
      const at = i++;
      const rest = withoutComment(m[2] ?? '', at);
      if (rest === '') result[key] = nested(indent);
      else if (/^[|>][-+]?$/.test(rest)) result[key] = blockScalar(indent, at);
      else result[key] = scalar(rest, at);
    }
    after(indent);
    return result;
  }

  function sequence(indent: number): Yaml {
    const result: Yaml[] = [];
    for (let line = peek(); line && line.indent === indent && isItem(line.text); line = peek()) {
      const content = line.text.slice(1).trim();
      if (content === '') {
        i++;
        result.push(nested(indent));
      } else if (/^([A-Za-z0-9_][\w.-]*|"[^"]*"|'[^']*'):(\s|$)/.test(content)) {
        // `- key: value` opens a mapping whose keys line up with `key`, two columns in.
        lines[i] = ' '.repeat(indent + 2) + content;
        result.push(mapping(indent + 2));
      } else {
        const at = i++;
        result.push(scalar(withoutComment(content, at), at));
      }
    }
    after(indent);
    return result;
  }

  /** The value on the lines below a `key:` or a bare `-`: nothing, or a block two columns in. */
  function nested(indent: number): Yaml {
    const next = peek();
    if (!next || next.indent <= indent) {
      if (next && next.indent === indent && isItem(next.text)) fail(i, 'indent list items two spaces under their key');
      return null;
    }
    if (next.indent !== indent + 2) fail(i, `indented ${next.indent - indent} spaces; use two`);
    return block(indent + 2);
  }

  /** After a block ends, the next line must go back to an enclosing level, never further in. */
  function after(indent: number): void {
    const next = peek();
    if (next && next.indent > indent) fail(i, 'unexpected indentation');
    if (next && next.indent === indent) fail(i, isItem(next.text) ? 'list item among mapping keys' : 'key among list items');
  }

  function blockScalar(indent: number, at: number): string {
    const body: string[] = [];
    let inner: number | undefined;
    while (i < lines.length) {
      const raw = lines[i]!;
      const lineIndent = raw.length - raw.trimStart().length;
      if (raw.trim() !== '' && lineIndent <= indent) break;
      if (raw.trim() !== '') {
        inner ??= lineIndent;
        if (inner !== indent + 2) fail(i, 'indent a block scalar two spaces under its key');
        if (lineIndent < inner) fail(i, 'block scalar line less indented than the first');
      }
      body.push(raw.slice(inner ?? 0));
      i++;
    }
    if (inner === undefined) fail(at, 'empty block scalar');
    return body.join('\n').trimEnd() + '\n';
  }

  function withoutComment(text: string, at: number): string {
    const quote = text[0];
    if (quote === '"' || quote === "'") {
      const m = quote === '"' ? /^"(?:[^"\\]|\\.)*"/.exec(text) : /^'(?:[^']|'')*'/.exec(text);
      if (!m) return fail(at, 'unterminated quoted value');
      const rest = text.slice(m[0].length).trim();
      if (rest !== '' && !rest.startsWith('#')) fail(at, 'text after a quoted value');
      return m[0];
    }
    if (text.startsWith('#')) return '';
    const hash = text.search(/\s#/);
    return (hash < 0 ? text : text.slice(0, hash)).trim();
  }

  function scalar(text: string, at: number): Yaml {
    if (text.startsWith('"')) return JSON.parse(text) as string;
    if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) fail(at, 'unterminated flow sequence');
      const inner = text.slice(1, -1).trim();
      if (/[[\]{}]/.test(inner)) fail(at, 'nested flow collections are not supported');
      return inner === '' ? [] : inner.split(',').map((item) => scalar(item.trim(), at));
    }
    if (/^[{}\]&*!%@`|>,?#-]/.test(text) && !/^-\d/.test(text)) fail(at, `a value cannot start with \`${text[0]}\` unquoted`);
    if (/:(\s|$)/.test(text)) fail(at, 'unquoted value contains `: `; quote it');
    return text;
  }

  const first = peek();
  if (!first) return fail(0, 'empty document');
  if (first.indent !== 0) fail(i, 'the document must start in column 1');
  const result = block(0);
  if (peek()) fail(i, 'unexpected content');
  return result;
}

type YamlMap = { [key: string]: Yaml };
const isMap = (value: Yaml | undefined): value is YamlMap => typeof value === 'object' && value !== null && !Array.isArray(value);
const asMap = (value: Yaml | undefined, what: string): YamlMap => {
  expect(isMap(value), `${what} is a mapping`).toBe(true);
  return value as YamlMap;
};
const asList = (value: Yaml | undefined, what: string): Yaml[] => {
  expect(Array.isArray(value), `${what} is a list`).toBe(true);
  return value as Yaml[];
};

describe('the YAML subset reader', () => {
  it('reads mappings, sequences, scalars and block scalars', () => {
    const text = [
      'name: demo # a comment',
      'on:',
      '  push:',
      '    branches: [main, "release/*"]',
      '  pull_request:',
      'jobs:',
      '  a:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          fetch-depth: 0',
      '      - run: |',
      '          set +e',
      '          # not a comment here',
      '          echo "x=$?"',
      '      - plain item',
    ].join('\n');
    expect(parseYaml(text)).toEqual({
      name: 'demo',
      on: { push: { branches: ['main', 'release/*'] }, pull_request: null },
      jobs: {
        a: {
          steps: [
            { uses: 'actions/checkout@v4', with: { 'fetch-depth': '0' } },
            { run: 'set +e\n# not a comment here\necho "x=$?"\n' },
            'plain item',
          ],
        },
      },
    });
  });

  it.each([
    ['a tab in indentation', 'a:\n\tb: 1'],
    ['three-space indentation', 'a:\n   b: 1'],
    ['a stray deeper line', 'a:\n  b: 1\n    c: 2'],
    ['a dedent to no enclosing level', 'a:\n    b: 1\n  c: 2'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['`: ` in an unquoted value', 'run: echo a: b'],
    ['an unquoted glob', 'paths:\n  - **/*.aitm'],
    ['a line that is not key: value', 'a:\n  just text'],
    ['list items at the level of their key', 'steps:\n- run: x'],
    ['an unterminated string', 'a: "open'],
  ])('rejects %s', (_, text) => {
    expect(() => parseYaml(text)).toThrow(/YAML line/);
  });
});

// ---- docs/ci.md workflows --------------------------------------------------------------------

describe('docs/ci.md workflows', () => {
  const blocks = fences(read('docs/ci.md')).filter((f) => f.lang === 'yaml' || f.lang === 'yml');
  // Parsed inside each test, so that a malformed block fails the tests rather than test collection.
  const parseAll = () =>
    blocks.map((b) => {
      try {
        return { ...b, yaml: parseYaml(b.body) };
      } catch (error) {
        throw new Error(`docs/ci.md, block at line ${b.line}: ${(error as Error).message}`);
      }
    });
  const workflowsOf = (parsed: ReturnType<typeof parseAll>) =>
    parsed.filter((b) => isMap(b.yaml) && 'jobs' in b.yaml).map((b) => ({ ...b, yaml: b.yaml as YamlMap }));
  const stepsOf = (workflow: YamlMap) =>
    Object.values(asMap(workflow.jobs, 'jobs')).flatMap((job) => asList(asMap(job, 'a job').steps, 'steps').map((s) => asMap(s, 'a step')));

  it('has a block for each workflow the page describes, all well-formed', () => {
    const parsed = parseAll();
    expect(parsed.length).toBeGreaterThanOrEqual(4);
    expect(workflowsOf(parsed).length).toBeGreaterThanOrEqual(3);
  });

  it('uses the repository\'s own action with the inputs action.yml declares', () => {
    const action = parseYaml(read('action.yml')) as YamlMap;
    const inputs = Object.keys(asMap(action.inputs, 'action inputs'));
    const uses = workflowsOf(parseAll()).flatMap(({ yaml }) => stepsOf(yaml)).filter((s) => typeof s.uses === 'string' && s.uses.startsWith('aitm/aitm@'));
    expect(uses.length).toBe(1);
    for (const input of Object.keys(asMap(uses[0]!.with, 'action with'))) expect(inputs).toContain(input);
  });

  it('gives every GitHub workflow a trigger, permissions and jobs that run steps', () => {
    for (const { yaml, line } of workflowsOf(parseAll())) {
      const where = `workflow at line ${line}`;
      expect(yaml, where).toHaveProperty('on');
      asMap(yaml.permissions, `${where}: permissions`);
      for (const [id, job] of Object.entries(asMap(yaml.jobs, `${where}: jobs`))) {
        const j = asMap(job, `${where}: job ${id}`);
        expect(j['runs-on'], `${where}: job ${id} runs-on`).toBeTruthy();
        for (const step of asList(j.steps, `${where}: job ${id} steps`)) {
          const s = asMap(step, `${where}: a step`);
          expect('uses' in s || 'run' in s, `${where}: a step uses or runs something`).toBe(true);
        }
      }
      const uses = stepsOf(yaml).map((s) => s.uses).filter((u): u is string => typeof u === 'string');
      expect(uses, where).toContain('actions/checkout@v4');
      const node = stepsOf(yaml).find((s) => s.uses === 'actions/setup-node@v4');
      expect(asMap(node?.with, `${where}: setup-node with`)['node-version']).toBe('22');
    }
  });

  it('uploads SARIF to code scanning with the permission it needs', () => {
    const sarif = workflowsOf(parseAll()).filter(({ yaml }) => stepsOf(yaml).some((s) => s.uses === 'github/codeql-action/upload-sarif@v3'));
    expect(sarif.length).toBe(1);
    const { yaml } = sarif[0]!;
    expect(asMap(yaml.permissions, 'permissions')['security-events']).toBe('write');
    const steps = stepsOf(yaml);
    const upload = asMap(steps.find((s) => s.uses === 'github/codeql-action/upload-sarif@v3')!.with, 'upload-sarif with');
    // upload-sarif's category applies only to a log without automationDetails, and aitm writes one.
    expect(upload.category).toBeUndefined();
    const report = steps.map((s) => s.run).find((run): run is string => typeof run === 'string' && run.includes('aitm report'));
    expect(report).toMatch(/--format sarif --category aitm /);
    // The upload reads the very file the report step wrote.
    expect(report).toContain(`-o ${String(upload.sarif_file)} `);
  });

  it('shows a pre-commit config that uses hooks the repository defines', () => {
    const configs = parseAll().filter((b) => isMap(b.yaml) && 'repos' in b.yaml);
    expect(configs.length).toBe(1);
    const defined = (parseYaml(read('.pre-commit-hooks.yaml')) as YamlMap[]).map((h) => h.id);
    const repos = asList((configs[0]!.yaml as YamlMap).repos, 'repos').map((r) => asMap(r, 'a repo'));
    const used = repos.flatMap((r) => asList(r.hooks, 'hooks').map((h) => asMap(h, 'a hook').id));
    expect(used.length).toBeGreaterThan(0);
    for (const id of used) expect(defined).toContain(id);
  });

  it('diffs against the base branch with full history and comments on the pull request', () => {
    const review = workflowsOf(parseAll()).filter(({ yaml }) => stepsOf(yaml).some((s) => typeof s.run === 'string' && s.run.includes('aitm diff')));
    expect(review.length).toBe(1);
    const { yaml } = review[0]!;
    expect(asMap(yaml.permissions, 'permissions')['pull-requests']).toBe('write');
    const steps = stepsOf(yaml);
    const checkout = steps.find((s) => s.uses === 'actions/checkout@v4');
    expect(asMap(checkout?.with, 'checkout with')['fetch-depth']).toBe('0');
    const diff = steps.find((s) => typeof s.run === 'string' && s.run.includes('aitm diff'))!;
    expect(diff.run).toMatch(/--base "origin\/\$BASE_REF"/);
    expect(asMap(diff.env, 'diff env').BASE_REF).toBe('${{ github.base_ref }}');
    expect(steps.some((s) => typeof s.run === 'string' && /gh pr comment .*--body-file/.test(s.run))).toBe(true);
  });

  it('shows a GitLab job with a script', () => {
    const gitlab = parseAll().filter((b) => isMap(b.yaml) && !('jobs' in b.yaml) && !('repos' in b.yaml));
    expect(gitlab.length).toBe(1);
    const jobs = Object.values(gitlab[0]!.yaml as YamlMap).map((job) => asMap(job, 'a GitLab job'));
    expect(jobs.some((job) => Array.isArray(job.script) && typeof job.image === 'string')).toBe(true);
  });
});

// ---- aitm commands in both guides ------------------------------------------------------------

const subcommands = new Set(['check', 'report', 'diagram', 'init', 'diff', 'fmt', 'lsp']);
// Flags of commands that are newer than docs/cli.md.
const newFlags = ['--template', '--base', '--check', '--watch'];
const documentedFlags = [...read('docs/cli.md').matchAll(/(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])(?![\w-])/g)].map((m) => m[1]!);
const flags = new Set([...documentedFlags, ...newFlags]);
const flagValues: Record<string, readonly string[]> = {
  '--template': templateNames,
  '--fail-on': severities,
  '--format': ['text', 'json', 'md', 'sarif', 'html'],
  '--direction': ['LR', 'TB', 'RL', 'BT'],
};

/** Every aitm invocation shown: lines of ```sh blocks, and `npx aitm` wherever it appears in a YAML block. */
function commands(file: string): { file: string; command: string }[] {
  const result: { file: string; command: string }[] = [];
  for (const fence of fences(read(file))) {
    const lines = fence.body.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim());
    if (fence.lang === 'sh' || fence.lang === 'bash' || fence.lang === 'shell') {
      for (const line of lines) if (/^(npx )?aitm( |$)/.test(line)) result.push({ file, command: line });
    } else if (fence.lang === 'yaml' || fence.lang === 'yml') {
      for (const line of lines) {
        const at = line.indexOf('npx aitm');
        if (at >= 0) result.push({ file, command: line.slice(at) });
      }
    }
  }
  return result;
}

function words(command: string): string[] {
  const tokens = command.split(/\s+/);
  const end = tokens.findIndex((t) => /^(\d?>>?|\||&&|\|\||;)/.test(t));
  return (end < 0 ? tokens : tokens.slice(0, end)).filter((t) => t !== 'npx').slice(1).map((t) => t.replace(/^"(.*)"$/, '$1'));
}

describe.each(guides)('commands in %s', (file) => {
  const shown = commands(file);

  it('are found (the check is not vacuous)', () => {
    expect(shown.length).toBeGreaterThanOrEqual(4);
  });

  it('use only real subcommands and flags', () => {
    const problems: string[] = [];
    for (const { command } of shown) {
      const [first, ...rest] = words(command);
      if (first !== undefined && !first.startsWith('-') && !subcommands.has(first)) problems.push(`unknown subcommand \`${first}\` in: ${command}`);
      const all = first?.startsWith('-') ? [first, ...rest] : rest;
      all.forEach((token, index) => {
        if (!token.startsWith('-') || token === '-') return;
        const [name, inline] = token.split('=', 2) as [string, string | undefined];
        if (!flags.has(name)) problems.push(`unknown flag \`${name}\` in: ${command}`);
        const allowed = flagValues[name];
        const value = inline ?? all[index + 1];
        if (allowed && (value === undefined || !allowed.includes(value))) problems.push(`\`${name} ${value ?? ''}\` is not one of ${allowed.join(', ')} in: ${command}`);
      });
    }
    expect(problems).toEqual([]);
  });
});

it('the guides between them show init, check, diagram, report and diff', () => {
  const used = new Set(guides.flatMap((file) => commands(file).map(({ command }) => words(command)[0])));
  for (const sub of ['init', 'check', 'diagram', 'report', 'diff']) expect(used, sub).toContain(sub);
});

// ---- links -----------------------------------------------------------------------------------

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!.toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

describe.each(guides)('links in %s', (file) => {
  it('point at files (and headings) that exist', () => {
    const text = read(file);
    const links = [...prose(text).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    const broken: string[] = [];
    for (const link of links) {
      if (/^[a-z][a-z+.-]*:/i.test(link)) continue;
      const [target, anchor] = link.split('#', 2) as [string, string | undefined];
      const resolved = target === '' ? file : path.join(path.dirname(file), target);
      if (!fs.existsSync(resolved)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) broken.push(`${link}: no such heading`);
    }
    expect(broken).toEqual([]);
  });
});

// ---- aitm examples in the getting-started guide ----------------------------------------------

describe('docs/getting-started.md examples', () => {
  const blocks = fences(read('docs/getting-started.md')).filter((f) => f.lang === 'aitm');

  it('are free of syntax errors', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      const syntax = parse(block.body).diagnostics.filter((d) => d.code.startsWith('AITM1'));
      expect(syntax.map((d) => `line ${block.line}: ${d.code} ${d.message}`)).toEqual([]);
    }
  });

  it('show dispositions that apply cleanly to the rag starter they are written for', () => {
    const dispositions = blocks.filter((b) => /^(mitigate|accept|dismiss) /m.test(b.body));
    expect(dispositions.length).toBe(1);
    const loaded = parse(`${starterModel('rag')}\n${dispositions[0]!.body}`, { file: 'threat-model.aitm' });
    expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});

describe('docs/getting-started.md sample output', () => {
  const samples = fences(read('docs/getting-started.md')).filter((f) => f.lang === 'text');
  const rag = () => {
    const loaded = parse(starterModel('rag'), { file: 'threat-model.aitm' });
    return { loaded, analysis: analyze(loaded.model, { asOf: '2026-11-27' }) };
  };

  it('matches what aitm check reports for the rag starter', () => {
    const sample = samples.find((s) => s.body.startsWith('✓ threat-model.aitm'));
    expect(sample).toBeDefined();
    const { summary, findings } = rag().analysis;
    const bySeverity = (['critical', 'high', 'medium', 'low'] as const).filter((k) => summary.bySeverity[k] > 0).map((k) => `${summary.bySeverity[k]} ${k}`);
    const handled = (['mitigated', 'planned', 'accepted', 'dismissed'] as const).filter((k) => summary[k] > 0).map((k) => `${summary[k]} ${k}`);
    expect(sample!.body).toContain(`findings: ${summary.open} open (${bySeverity.join(', ')}), ${handled.join(', ')}\n`);
    const shown = [...sample!.body.matchAll(/^ +(low|medium|high|critical) +(\S+) +(\S+) +threat-model\.aitm:(\d+):(\d+)$/gm)];
    expect(shown.length).toBeGreaterThan(0);
    const open = findings.filter((f) => f.status === 'open');
    shown.forEach((m, index) => {
      const f = open[index];
      expect(f && [f.severity, f.threat, f.target.id, String(f.target.span.line), String(f.target.span.column)]).toEqual(m.slice(1));
    });
  });

  it('quotes the error aitm gives for a misspelt store type', () => {
    const sample = samples.find((s) => s.body.startsWith('error[AITM402]'));
    expect(sample).toBeDefined();
    const text = starterModel('rag').replace('type: vector,', 'type: vectors,');
    const [d] = parse(text, { file: 'threat-model.aitm' }).diagnostics;
    expect(d?.code).toBe('AITM402');
    expect(sample!.body).toContain(`--> threat-model.aitm:${d!.span!.line}:${d!.span!.column}`);
    expect(sample!.body).toContain(`${d!.span!.line} | ${text.split('\n')[d!.span!.line - 1]}\n`);
  });
});
