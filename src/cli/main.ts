import { parseArgs } from 'node:util';
import { check } from './commands/check.js';
import { diagram } from './commands/diagram.js';
import { diff } from './commands/diff.js';
import { exportModel } from './commands/export.js';
import { fmt } from './commands/fmt.js';
import { importModel } from './commands/import.js';
import { init } from './commands/init.js';
import { report } from './commands/report.js';
import { verify } from './commands/verify.js';
import { watchCheck } from './commands/watch.js';
import { ExitCode } from './exit-code.js';
import { expandInputs, stdinArgument } from './inputs.js';
import { once, type CliIo } from './io.js';
import { projectConfigFor, type ProjectConfig } from './project-config.js';
import { analysisOptions, stderrPalette, type AnalysisFlags } from './shared.js';
import { commandHelp, commands, commonOptions, isCommand, overviewHelp, type CommandName, type OptionSpec } from './usage.js';
import { renderDiagnostic } from '../diagnostics/render-text.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { severities, type RiskSeverity } from '../engine/severity.js';
import { version } from '../version.js';
import { isTemplateName, templateNames } from '../init/templates.js';

function isSeverity(value: string): value is RiskSeverity {
  return (severities as readonly string[]).includes(value);
}

/** Every option of any command, by long name and by short letter: to tell a misplaced option from a misspelt one. */
const everyOption = new Map<string, string>();
for (const spec of Object.values(commands)) {
  for (const [name, option] of Object.entries(spec.options as Record<string, OptionSpec>)) {
    everyOption.set(`--${name}`, name);
    if (option.short) everyOption.set(`-${option.short}`, name);
  }
}

const takesManyModels: ReadonlySet<CommandName> = new Set(['check', 'report', 'diagram', 'fmt', 'verify']);

/** Run the CLI. Returns the exit code; never throws for user mistakes. */
export function main(argv: readonly string[], processIo: CliIo): ExitCode {
  let io: CliIo = { ...processIo, readStdin: once(processIo.readStdin) };
  const fail = (message: string): ExitCode => {
    io.stderr.write(`aitm: ${message}\n`);
    return ExitCode.invalid;
  };
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr.write(overviewHelp());
    return ExitCode.invalid;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) return fail(unknownCommand(topic));
    io.stdout.write(topic === undefined ? overviewHelp() : commandHelp(topic));
    return ExitCode.ok;
  }
  if (command.startsWith('-')) {
    return fail(`the command comes first: \`aitm <command> ${command} ...\`, with \`aitm --help\` for the commands`);
  }
  if (!isCommand(command)) return fail(unknownCommand(command));

  const options = { ...(commands[command].options as Record<string, OptionSpec>), ...commonOptions };
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, strict: true, options });
  } catch (error) {
    return fail(describeArgumentError(error as Error & { code?: string }, command, options));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const string = (name: string) => values[name] as string | undefined;
  const strings = (name: string) => (values[name] as string[] | undefined) ?? [];
  const flag = (name: string) => values[name] === true;
  if (flag('help')) {
    io.stdout.write(commandHelp(command));
    return ExitCode.ok;
  }
  if (flag('quiet')) io = { ...io, quiet: true };

  const asOf = string('as-of');
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return fail(`--as-of takes a date as YYYY-MM-DD, not \`${asOf}\``);
  const failOnFlag = string('fail-on');
  if (failOnFlag !== undefined && !isSeverity(failOnFlag)) return fail(`unknown severity \`${failOnFlag}\` for --fail-on (low, medium, high or critical)`);

  // Commands over many models take files, folders and glob patterns, as the files they name;
  // the others take the files they compare, export or import as given. `-` is standard input.
  let files = parsed.positionals;
  if (takesManyModels.has(command)) {
    const expanded = expandInputs(files);
    if (expanded.problems.length > 0) return fail(expanded.problems.join('\naitm: '));
    files = [...expanded.files];
  } else if (files.filter((f) => f === stdinArgument).length > 1) {
    return fail('`-` (standard input) can be read once');
  }

  /** The project config for these files merged with the flags (flags add catalogs and disabled threats, and --fail-on wins). */
  const settings = (forFiles: readonly string[]): { analysis: AnalysisFlags; failOn: RiskSeverity | undefined } | undefined => {
    const read = projectConfigFor(forFiles, { config: string('config'), noConfig: flag('no-config') });
    if (read.refusal) {
      fail(read.refusal);
      return undefined;
    }
    const palette = stderrPalette(io);
    for (const d of read.diagnostics) io.stderr.write(renderDiagnostic(d, read.sources, palette) + '\n\n');
    if (hasErrors(read.diagnostics)) {
      fail('nothing done, the project config has errors');
      return undefined;
    }
    const config: ProjectConfig | undefined = read.config;
    return {
      analysis: { catalogs: [...(config?.catalogs ?? []), ...strings('catalog')], disable: [...new Set([...(config?.disable ?? []), ...strings('disable')])], asOf },
      failOn: (failOnFlag as RiskSeverity | undefined) ?? config?.failOn,
    };
  };

  switch (command) {
    case 'check': {
      const format = string('format') ?? 'text';
      if (format !== 'text' && format !== 'json') return fail(`unknown format \`${format}\` for check (text or json)`);
      if (files.length === 0) return fail('check needs at least one .aitm file');
      const project = settings(files);
      if (!project) return ExitCode.invalid;
      const jobsText = string('jobs');
      const jobs = jobsText === undefined ? (io.parallelism ?? 1) : Number(jobsText);
      if (!Number.isInteger(jobs) || jobs < 1) return fail(`--jobs takes a whole number of at least 1, not \`${jobsText}\``);
      const checkOptions = { files, format, strict: flag('strict'), failOn: project.failOn, jobs, ...project.analysis } as const;
      if (flag('watch')) {
        if (format === 'json') return fail('--watch writes text for a person; it does not combine with --format json');
        if (files.includes(stdinArgument)) return fail('--watch cannot watch standard input');
        watchCheck(checkOptions, io);
        return ExitCode.ok;
      }
      return check(checkOptions, io);
    }
    case 'report': {
      if (files.length === 0) return fail('report needs at least one .aitm file');
      const format = string('format');
      if (format !== 'sarif' && format !== 'md' && format !== 'json' && format !== 'html') {
        return fail(`report needs --format md, json, sarif or html (got \`${format ?? 'nothing'}\`)`);
      }
      if (format === 'html' && files.length > 1) return fail('an html report is one page per model: give one file');
      const category = string('category');
      const sarifRoot = string('sarif-root');
      if (format !== 'sarif' && (category !== undefined || sarifRoot !== undefined)) return fail(`--${category !== undefined ? 'category' : 'sarif-root'} is for --format sarif`);
      const project = settings(files);
      if (!project) return ExitCode.invalid;
      return report({ files, format, output: string('output'), category, sarifRoot, ...project.analysis }, io);
    }
    case 'diagram': {
      if (files.length === 0) return fail('diagram needs at least one .aitm file');
      const direction = string('direction') ?? 'LR';
      if (direction !== 'LR' && direction !== 'TB' && direction !== 'RL' && direction !== 'BT') {
        return fail(`unknown direction \`${direction}\` (LR, TB, RL or BT)`);
      }
      const project = settings(files);
      if (!project) return ExitCode.invalid;
      return diagram(
        {
          files,
          output: string('output'),
          direction,
          dataLabels: !flag('no-data-labels'),
          threats: !flag('no-threats'),
          focus: string('focus'),
          boundary: string('boundary'),
          ...project.analysis,
        },
        io,
      );
    }
    case 'diff': {
      const base = string('base');
      if (base !== undefined && files.length !== 1) return fail('diff --base compares one file with itself at a revision: give one file');
      if (base === undefined && files.length !== 2) return fail('diff needs two files, old then new (or --base REVISION and one file)');
      if (base !== undefined && files[0] === stdinArgument) return fail('diff --base reads the file at a revision from git: give its path, not `-`');
      const project = settings(files);
      if (!project) return ExitCode.invalid;
      const common = { failOn: project.failOn, output: string('output'), ...project.analysis };
      return base !== undefined ? diff({ base, file: files[0]!, ...common }, io) : diff({ old: files[0]!, new: files[1]!, ...common }, io);
    }
    case 'init': {
      const template = string('template') ?? 'rag';
      if (!isTemplateName(template)) return fail(`unknown template \`${template}\` (${templateNames.join(', ')})`);
      if (files.length > 1) return fail('init writes one file');
      return init({ template, file: files[0] ?? 'threat-model.aitm' }, io);
    }
    case 'export': {
      const format = string('format');
      if (format !== 'otm' && format !== 'cyclonedx') return fail(`export needs --format otm or cyclonedx (got \`${format ?? 'nothing'}\`)`);
      if (files.length !== 1) return fail('export takes one .aitm file');
      const project = settings(files);
      if (!project) return ExitCode.invalid;
      return exportModel({ file: files[0]!, format, output: string('output'), ...project.analysis }, io);
    }
    case 'import': {
      if (files.length !== 1) return fail('import takes one OTM JSON file');
      const project = settings(files);
      if (!project) return ExitCode.invalid;
      return importModel({ file: files[0]!, output: string('output'), catalogs: project.analysis.catalogs }, io);
    }
    case 'verify':
      if (files.length === 0) return fail('verify needs at least one .aitm file');
      return verify(files, io);
    case 'lsp': {
      // The editor starts the server in the workspace: the project config is the one above it.
      const project = settings([]);
      if (!project) return ExitCode.invalid;
      const server = analysisOptions(project.analysis, io, 'the language server did not start');
      if (!server) return ExitCode.invalid;
      // Loaded only here: the server and its protocol library are most of the CLI's code, and
      // every other command would pay for parsing them at start-up.
      void import('../lsp/server.js').then(({ startLanguageServer }) => startLanguageServer(process.stdin, process.stdout, server));
      return ExitCode.ok;
    }
    case 'fmt': {
      if (files.length === 0) return fail('fmt needs at least one .aitm file');
      return fmt({ files, check: flag('check') }, io);
    }
  }
}

function unknownCommand(name: string): string {
  const suggestion = didYouMean(name, Object.keys(commands));
  return `unknown command \`${name}\`${suggestion ? `; ${suggestion}` : ''} (see \`aitm --help\`)`;
}

/**
 * node:util's parseArgs messages are long and written for developers; users get one short line,
 * which says when an option belongs to another command, and suggests the option meant.
 */
function describeArgumentError(error: Error & { code?: string }, command: CommandName, options: Record<string, OptionSpec>): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1];
  const help = `(see \`aitm ${command} --help\`)`;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const elsewhere = option && everyOption.get(option.split('=')[0]!);
      if (elsewhere) return `\`--${elsewhere}\` does not apply to \`${command}\` ${help}`;
      const suggestion = option?.startsWith('--') ? didYouMean(option.slice(2).split('=')[0]!, Object.keys(options)) : undefined;
      return `unknown option \`${option}\` for \`${command}\`${suggestion ? `; ${suggestion.replace('`', '`--')}` : ''} ${help}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `option \`${option}\` needs a value ${help}` : error.message;
    default:
      return `${error.message.replace(/\.$/, '')} ${help}`;
  }
}
