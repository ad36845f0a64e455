import { templateDescriptions, templateNames } from '../init/templates.js';

/** One option of a command, as `node:util`'s parseArgs takes it, with the words for `--help`. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in help (`FILE`), for string options. */
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  /** Usage lines, after `aitm `. */
  readonly usage: readonly string[];
  /** One line for the list of commands. */
  readonly summary: string;
  /** What the command does, for its own help. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

const output: Record<string, OptionSpec> = { output: { type: 'string', short: 'o', value: 'FILE', help: 'write to FILE (its folder is created) instead of stdout' } };
const catalog: OptionSpec = { type: 'string', multiple: true, value: 'FILE', help: 'add a threat catalog (JSON); repeatable' };
const disable: OptionSpec = { type: 'string', multiple: true, value: 'THREAT', help: 'do not evaluate a threat; repeatable' };
const config: Record<string, OptionSpec> = {
  config: { type: 'string', value: 'FILE', help: 'read settings from FILE rather than the aitm.config.json (or package.json `aitm` key) found above the model' },
  'no-config': { type: 'boolean', help: 'read no project config file' },
};
/** What every command that analyses a model reads, so that reports, diagrams and exports agree with `check`. */
const analysis: Record<string, OptionSpec> = {
  catalog,
  disable,
  'as-of': { type: 'string', value: 'YYYY-MM-DD', help: 'the date accepted risks are checked against (default: today)' },
  ...config,
};
const failOn: OptionSpec = { type: 'string', value: 'SEVERITY', help: 'exit 1 when an open finding is at or above low|medium|high|critical' };

/** Options every command takes. */
export const commonOptions: Readonly<Record<string, OptionSpec>> = {
  quiet: { type: 'boolean', short: 'q', help: 'write only errors and the results: no summaries, notes or warnings' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export const commands = {
  check: {
    usage: ['check [options] <files, folders or globs...>'],
    summary: 'Check models: every problem, then the open findings of each clean model.',
    description:
      'Parse and resolve each model (a folder means the .aitm files below it, `-` reads stdin), report\n' +
      'every problem on stderr, and analyse each clean model against the threat catalog: a line per\n' +
      'file and its open findings, most severe first, on stdout.',
    options: {
      format: { type: 'string', value: 'text|json', help: 'text (default) or json (everything on stdout)' },
      strict: { type: 'boolean', help: 'fail on warnings as well as errors' },
      'fail-on': failOn,
      watch: { type: 'boolean', help: 'check again whenever a model, an import or a catalog changes' },
      jobs: { type: 'string', short: 'j', value: 'N', help: 'check up to N models at once, on worker threads (default: one per CPU; 1: one after another)' },
      ...analysis,
    },
  },
  report: {
    usage: ['report --format md|json|sarif|html [-o FILE] [options] <files...>'],
    summary: 'Write a report: Markdown, JSON, SARIF 2.1.0 for code scanning, or one HTML page.',
    description:
      'Analyse models and write one report: Markdown for design docs, the full analysis as JSON, SARIF\n' +
      '2.1.0 for code scanning (artifact paths relative to the repository root), or one offline HTML page.',
    options: {
      format: { type: 'string', value: 'md|json|sarif|html', help: 'the report format (required)' },
      ...output,
      category: { type: 'string', value: 'NAME', help: 'SARIF: the code-scanning category (automationDetails.id; default aitm), one per model uploaded apart' },
      'sarif-root': { type: 'string', value: 'DIR', help: 'SARIF: the folder artifact paths are relative to (default: the repository root above the first model, else the working directory)' },
      ...analysis,
    },
  },
  diagram: {
    usage: ['diagram [-o FILE] [--direction LR|TB|RL|BT] [--focus ID] [--boundary ID] [options] <files...>'],
    summary: 'Draw each model as a Mermaid flowchart, coloured by open findings.',
    description:
      'Draw each model as a Mermaid flowchart: a subgraph per trust boundary, elements coloured by their\n' +
      'most severe open finding. A model past Mermaid\'s limits is drawn as an overview plus a diagram per\n' +
      'top-level boundary.',
    options: {
      ...output,
      direction: { type: 'string', value: 'LR|TB|RL|BT', help: 'the flowchart direction (default LR)' },
      focus: { type: 'string', value: 'ID', help: 'draw one element and its neighbours' },
      boundary: { type: 'string', value: 'ID', help: 'draw one boundary and what is inside it' },
      'no-data-labels': { type: 'boolean', help: 'label edges with the flow\'s own label, not the data it carries' },
      'no-threats': { type: 'boolean', help: 'leave out the finding colours (reads no catalog)' },
      ...analysis,
    },
  },
  diff: {
    usage: ['diff [--fail-on SEVERITY] [-o FILE] [options] <old.aitm> <new.aitm>', 'diff --base REVISION [--fail-on SEVERITY] [-o FILE] [options] <file.aitm>'],
    summary: 'What a change does to the threat model, as Markdown for a pull request.',
    description:
      'Compare two versions of a model (two files, or a file and itself at a git revision): declarations,\n' +
      'controls, and the findings the change introduces and resolves, as Markdown.',
    options: {
      base: { type: 'string', value: 'REVISION', help: 'compare the file with itself at this git revision' },
      'fail-on': { ...failOn, help: 'exit 1 when the change introduces an open finding at or above low|medium|high|critical' },
      ...output,
      ...analysis,
    },
  },
  fmt: {
    usage: ['fmt [--check] <files, folders or globs...>'],
    summary: 'Rewrite files in the one canonical layout, keeping every comment.',
    description: 'Rewrite each file in the canonical layout (only files that change are written; `-` formats stdin to\nstdout). With --check, change nothing, list the files that would change and exit 1 if any would.',
    options: { check: { type: 'boolean', help: 'change nothing; exit 1 when a file is not formatted' } },
  },
  init: {
    usage: [`init [--template ${templateNames.join('|')}] [file]`],
    summary: 'Write a commented starter model (never over an existing file).',
    description:
      'Write a commented starter model (default: the rag template, in threat-model.aitm); it never\noverwrites a file. Templates:\n' +
      templateNames.map((name) => `  ${name.padEnd(9)} ${templateDescriptions[name]}`).join('\n'),
    options: { template: { type: 'string', value: 'NAME', help: `the starter: ${templateNames.join(', ')} (default rag)` } },
  },
  lsp: {
    usage: ['lsp [--stdio] [--catalog FILE] [--disable THREAT]'],
    summary: 'Run the language server on stdin/stdout, for editors.',
    description: 'Run the language server on stdin and stdout. It reads the project config found above the working\ndirectory, and --catalog and --disable, once at start-up.',
    options: { stdio: { type: 'boolean', help: 'talk over stdin/stdout (the default; editors pass it)' }, catalog, disable, ...config },
  },
  export: {
    usage: ['export --format otm|cyclonedx [-o FILE] [options] <file.aitm>'],
    summary: 'The model as Open Threat Model JSON, or its AI parts as a CycloneDX 1.6 BOM.',
    description: 'Write the model and its findings as Open Threat Model 0.2.0 JSON, or its AI parts (models,\ndatasets, providers, artifact digests) as a CycloneDX 1.6 BOM.',
    options: { format: { type: 'string', value: 'otm|cyclonedx', help: 'the export format (required)' }, ...output, ...analysis },
  },
  import: {
    usage: ['import [-o FILE] [--catalog FILE] <model.otm.json>'],
    summary: 'An Open Threat Model JSON document as a formatted .aitm model.',
    description: 'Turn an Open Threat Model JSON document (`-` reads stdin) into a formatted .aitm model.',
    options: { ...output, catalog: { ...catalog, help: 'a catalog whose threat ids the document may name; repeatable' }, ...config },
  },
  verify: {
    usage: ['verify <files...>'],
    summary: 'Recompute the SHA-256 of every artifact a model declares.',
    description: 'Recompute the SHA-256 of every artifact a model declares; exit 1 on a mismatch or a missing file.',
    options: {},
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commands;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

const exitCodes = `Exit codes: 0 clean; 1 an open finding at or above --fail-on (for fmt --check:
a file is not formatted; for verify: an artifact does not match); 2 errors in
the input (or warnings with --strict) or a bad command line.`;

/** `aitm --help`: every command in a line, and where to read more. */
export function overviewHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return `aitm — threat modeling for AI systems

Usage:
  aitm <command> [options] <files...>
  aitm <command> --help      the command's own options
  aitm --version

Commands:
${Object.entries(commands)
  .map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`)
  .join('\n')}

Models are files, folders (their .aitm files) or glob patterns; \`-\` reads stdin.
Settings (catalogs, disabled threats, fail-on) can live in aitm.config.json.
Results go to stdout, problems and notes to stderr.

${exitCodes}
`;
}

/** `aitm <command> --help`: its usage, what it does, and each of its options. */
export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = commands[name];
  const rows = Object.entries({ ...spec.options, ...commonOptions }).map(([option, o]) => [
    `${o.short ? `-${o.short}, ` : '    '}--${option}${o.value ? ` ${o.value}` : ''}`,
    o.help,
  ]);
  const width = Math.max(...rows.map(([left]) => left!.length));
  return `Usage:
${spec.usage.map((line) => `  aitm ${line}`).join('\n')}

${spec.description}

Options:
${rows.map(([left, help]) => `  ${left!.padEnd(width)}  ${help}`).join('\n')}

${exitCodes}
`;
}
