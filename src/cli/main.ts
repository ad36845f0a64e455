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
import { analysisOptions } from './shared.js';
import type { CliIo } from './io.js';
import { severities, type RiskSeverity } from '../engine/severity.js';
import { version } from '../version.js';
import { isTemplateName, templateDescriptions, templateNames } from '../init/templates.js';

function isSeverity(value: string): value is RiskSeverity {
  return (severities as readonly string[]).includes(value);
}

const usage = `aitm — threat modeling for AI systems

Usage:
  aitm check [options] <files...>
  aitm report --format md|json|sarif|html [-o FILE] [analysis options] <files...>
  aitm diagram [-o FILE] [--direction LR|TB|RL|BT] [--focus ID] [--boundary ID]
               [--no-data-labels] [--no-threats] [analysis options] <files...>
  aitm diff [--fail-on SEVERITY] [-o FILE] [analysis options] <old.aitm> <new.aitm>
  aitm diff --base REVISION [--fail-on SEVERITY] [-o FILE] [analysis options] <file.aitm>
  aitm fmt [--check] <files...>
  aitm init [--template ${templateNames.join('|')}] [file]
  aitm lsp [--stdio] [--catalog FILE] [--disable THREAT]
  aitm export --format otm|cyclonedx [-o FILE] [analysis options] <file.aitm>
  aitm import [-o FILE] [--catalog FILE] <model.otm.json>
  aitm verify <files...>
  aitm --version
  aitm --help

Commands:
  check     Parse and resolve .aitm models, report every problem, and analyse
            each clean model against the threat catalog.
  report    Analyse models and write a report: Markdown for design docs, SARIF 2.1.0
            for code scanning.
  diagram   Draw each model as a Mermaid flowchart, its elements coloured by
            their most severe open finding.
  diff      What a change does to the threat model (declarations, controls,
            findings introduced and resolved) as Markdown for a pull request;
            --base compares a file with itself at a git revision.
  fmt       Rewrite files in the one canonical layout, keeping every comment.
            With --check, change nothing and exit 1 if a file would change.
  init      Write a commented starter model (default: the rag template, in
            threat-model.aitm); it never overwrites a file. Templates:
${templateNames.map((name) => `              ${name.padEnd(9)} ${templateDescriptions[name]}`).join('\n')}
  lsp       Run the language server on stdin/stdout, for editors.
  export    The model and its findings as Open Threat Model JSON, or its AI parts
            (models, datasets, providers, artifact digests) as a CycloneDX 1.6 BOM.
  import    An Open Threat Model JSON document as a formatted .aitm model.
  verify    Recompute the SHA-256 of every artifact a model declares; exit 1 on
            a mismatch or a missing file.

Options (check):
  --format text|json    text (default; on stderr) or json (on stdout)
  --strict              fail on warnings as well as errors
  --fail-on SEVERITY    exit 1 when an open finding is at or above low|medium|high|critical
  --watch               check again whenever a model, import or catalog changes

Analysis options (check, report, diagram, diff, export; --catalog and --disable
also lsp, --catalog also import):
  --catalog FILE        add a threat catalog (JSON); repeatable
  --disable THREAT      do not evaluate a threat; repeatable
  --as-of YYYY-MM-DD    the date accepted risks are checked against (default: today)

  -h, --help            show this help
  -v, --version         show the version

An option that a command does not read is refused, not ignored.

Exit codes: 0 clean; 1 an open finding at or above --fail-on (for fmt --check:
a file is not formatted; for verify: an artifact does not match); 2 errors in
the input (or warnings with --strict) or a bad command line.
`;

/**
 * The options each command reads. Any other is refused rather than ignored: `--catalog` once went
 * unread by every command but `check`, and a report then looked complete without a team's threats.
 */
const analysisOptionNames = ['catalog', 'disable', 'as-of'];
const commandOptions: Readonly<Record<string, readonly string[]>> = {
  check: ['format', 'strict', 'fail-on', 'watch', ...analysisOptionNames],
  report: ['format', 'output', ...analysisOptionNames],
  diagram: ['output', 'direction', 'no-data-labels', 'no-threats', 'focus', 'boundary', ...analysisOptionNames],
  diff: ['base', 'fail-on', 'output', ...analysisOptionNames],
  fmt: ['check'],
  init: ['template'],
  lsp: ['stdio', 'catalog', 'disable'],
  export: ['format', 'output', ...analysisOptionNames],
  import: ['output', 'catalog'],
  verify: [],
};

/** Run the CLI. Returns the exit code; never throws for user mistakes. */
export function main(argv: readonly string[], io: CliIo): ExitCode {
  const fail = (message: string): ExitCode => {
    io.stderr.write(`aitm: ${message}\n`);
    return ExitCode.invalid;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        strict: { type: 'boolean' },
        'fail-on': { type: 'string' },
        catalog: { type: 'string', multiple: true },
        disable: { type: 'string', multiple: true },
        'as-of': { type: 'string' },
        output: { type: 'string', short: 'o' },
        direction: { type: 'string' },
        'no-data-labels': { type: 'boolean' },
        'no-threats': { type: 'boolean' },
        focus: { type: 'string' },
        boundary: { type: 'string' },
        check: { type: 'boolean' },
        base: { type: 'string' },
        stdio: { type: 'boolean' },
        template: { type: 'string' },
        watch: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return fail(`${describeArgumentError(error as Error & { code?: string })} (see \`aitm --help\`)`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const [command, ...files] = positionals;
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return fail(`--as-of takes a date as YYYY-MM-DD, not \`${asOf}\``);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !isSeverity(failOn)) return fail(`unknown severity \`${failOn}\` for --fail-on (low, medium, high or critical)`);
  if (values.help || command === 'help' || command === undefined) {
    io.stdout.write(usage);
    return command === undefined && !values.help ? ExitCode.invalid : ExitCode.ok;
  }
  const accepted = commandOptions[command];
  const stray = accepted && Object.keys(values).find((option) => option !== 'help' && option !== 'version' && !accepted.includes(option));
  if (stray) return fail(`\`--${stray}\` does not apply to \`${command}\` (see \`aitm --help\`)`);
  const analysis = { catalogs: values.catalog ?? [], disable: values.disable ?? [], asOf };
  switch (command) {
    case 'check': {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') return fail(`unknown format \`${format}\` for check (text or json)`);
      if (files.length === 0) return fail('check needs at least one .aitm file');
      const options = { files, format, strict: values.strict === true, failOn, ...analysis } as const;
      if (values.watch) {
        if (format === 'json') return fail('--watch writes text for a person; it does not combine with --format json');
        watchCheck(options, io);
        return ExitCode.ok;
      }
      return check(options, io);
    }
    case 'report': {
      if (files.length === 0) return fail('report needs at least one .aitm file');
      const format = values.format;
      if (format !== 'sarif' && format !== 'md' && format !== 'json' && format !== 'html') {
        return fail(`report needs --format md, json, sarif or html (got \`${format ?? 'nothing'}\`)`);
      }
      if (format === 'html' && files.length > 1) return fail('an html report is one page per model: give one file');
      return report({ files, format, output: values.output, ...analysis }, io);
    }
    case 'diagram': {
      if (files.length === 0) return fail('diagram needs at least one .aitm file');
      const direction = values.direction ?? 'LR';
      if (direction !== 'LR' && direction !== 'TB' && direction !== 'RL' && direction !== 'BT') {
        return fail(`unknown direction \`${direction}\` (LR, TB, RL or BT)`);
      }
      return diagram(
        {
          files,
          output: values.output,
          direction,
          dataLabels: values['no-data-labels'] !== true,
          threats: values['no-threats'] !== true,
          focus: values.focus,
          boundary: values.boundary,
          ...analysis,
        },
        io,
      );
    }
    case 'diff': {
      const common = { failOn, output: values.output, ...analysis };
      if (values.base !== undefined) {
        if (files.length !== 1) return fail('diff --base compares one file with itself at a revision: give one file');
        return diff({ base: values.base, file: files[0]!, ...common }, io);
      }
      if (files.length !== 2) return fail('diff needs two files, old then new (or --base REVISION and one file)');
      return diff({ old: files[0]!, new: files[1]!, ...common }, io);
    }
    case 'init': {
      const template = values.template ?? 'rag';
      if (!isTemplateName(template)) return fail(`unknown template \`${template}\` (${templateNames.join(', ')})`);
      if (files.length > 1) return fail('init writes one file');
      return init({ template, file: files[0] ?? 'threat-model.aitm' }, io);
    }
    case 'export': {
      const format = values.format;
      if (format !== 'otm' && format !== 'cyclonedx') return fail(`export needs --format otm or cyclonedx (got \`${format ?? 'nothing'}\`)`);
      if (files.length !== 1) return fail('export takes one .aitm file');
      return exportModel({ file: files[0]!, format, output: values.output, ...analysis }, io);
    }
    case 'import':
      if (files.length !== 1) return fail('import takes one OTM JSON file');
      return importModel({ file: files[0]!, output: values.output, catalogs: analysis.catalogs }, io);
    case 'verify':
      if (files.length === 0) return fail('verify needs at least one .aitm file');
      return verify(files, io);
    case 'lsp': {
      const settings = analysisOptions(analysis, io, 'the language server did not start');
      if (!settings) return ExitCode.invalid;
      // Loaded only here: the server and its protocol library are most of the CLI's code, and
      // every other command would pay for parsing them at start-up.
      void import('../lsp/server.js').then(({ startLanguageServer }) => startLanguageServer(process.stdin, process.stdout, settings));
      return ExitCode.ok;
    }
    case 'fmt': {
      if (files.length === 0) return fail('fmt needs at least one .aitm file');
      return fmt({ files, check: values.check === true }, io);
    }
    default:
      return fail(`unknown command \`${command}\` (see \`aitm --help\`)`);
  }
}

/** node:util's parseArgs messages are long and written for developers; users get one short line. */
function describeArgumentError(error: Error & { code?: string }): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option \`${option}\``;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `option \`${option}\` needs a value` : error.message;
    default:
      return error.message.replace(/\.$/, '');
  }
}
