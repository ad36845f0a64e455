import fs from 'node:fs';
import path from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { severities, type RiskSeverity } from '../engine/severity.js';
import { isWithin } from '../load/project-root.js';
import { describeReadError } from '../node/load.js';
import { parseJsonWithPositions, type JsonPath } from '../source/json-with-positions.js';
import { SourceFile } from '../source/source-file.js';
import { stdinArgument } from './inputs.js';

/** The file a project keeps its settings in; `package.json` may hold them under `aitm` instead. */
export const configFileName = 'aitm.config.json';

/** A project's settings, read by every command and by the language server. */
export interface ProjectConfig {
  /** Where the settings were read (`aitm.config.json`, or a `package.json` with an `aitm` key). */
  readonly file: string;
  /** Threat catalogs on top of the built-in one, as paths from the working directory. */
  readonly catalogs: readonly string[];
  /** Threat ids not to evaluate. */
  readonly disable: readonly string[];
  /** The severity at which an open finding fails `check` and `diff`. */
  readonly failOn: RiskSeverity | undefined;
}

export interface ReadConfig {
  /** Undefined when no file was found, or when it has errors. */
  readonly config: ProjectConfig | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

const settings = { catalogs: 'a list of catalog files', disable: 'a list of threat ids', failOn: 'low, medium, high or critical' } as const;
type Setting = keyof typeof settings;

/**
 * The settings in a config file's text: in `aitm.config.json` the whole document, in
 * `package.json` its `aitm` key (a package.json without one holds no settings: undefined). Catalog
 * paths are relative to the file's folder. Every problem is a diagnostic at its line and column.
 */
export function parseProjectConfig(file: string, text: string, cwd: string): { config: ProjectConfig | undefined; diagnostics: Diagnostic[] } | undefined {
  const inPackage = path.basename(file) === 'package.json';
  const parsed = parseJsonWithPositions(file, text, (message, span) => diagnostic('AITM900', message, { span }));
  if (parsed.value === undefined) return inPackage ? undefined : { config: undefined, diagnostics: parsed.diagnostics };
  const prefix: JsonPath = inPackage ? ['aitm'] : [];
  const root = inPackage ? (parsed.value as Record<string, unknown> | null)?.['aitm'] : parsed.value;
  if (root === undefined) return undefined;
  const diagnostics: Diagnostic[] = [];
  const problem = (at: JsonPath, message: string, help?: string) =>
    diagnostics.push(diagnostic('AITM901', message, { span: parsed.locate([...prefix, ...at]), help }));
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    problem([], `the aitm settings must be an object (${Object.keys(settings).join(', ')})`);
    return { config: undefined, diagnostics };
  }
  const values = root as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (key === '$schema' || Object.hasOwn(settings, key)) continue;
    problem([key], `unknown setting \`${key}\``, didYouMean(key, Object.keys(settings)) ?? `the settings are ${Object.keys(settings).join(', ')}`);
  }
  const strings = (key: Setting): string[] => {
    const value = values[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    problem([key], `\`${key}\` must be ${settings[key]}, written as a JSON array of strings`);
    return [];
  };
  const catalogs = strings('catalogs').map((catalog) => fromCwd(path.resolve(path.dirname(file), catalog), cwd));
  const disable = strings('disable');
  const failOn = values['failOn'];
  if (failOn !== undefined && !(severities as readonly unknown[]).includes(failOn)) {
    problem(['failOn'], `\`failOn\` must be ${settings.failOn}, not ${JSON.stringify(failOn)}`);
  }
  if (hasErrors(diagnostics)) return { config: undefined, diagnostics };
  return { config: { file, catalogs, disable, failOn: failOn as RiskSeverity | undefined }, diagnostics };
}

/**
 * The project config that applies to files in `dir`: the nearest `aitm.config.json`, or
 * `package.json` with an `aitm` key, in `dir` or a folder above it. The search stops at the top of
 * the repository (a folder holding `.git`), so that settings outside it never apply.
 */
export function findProjectConfig(dir: string, cwd: string = process.cwd(), memo = new Map<string, ReadConfig>()): ReadConfig {
  const at = path.resolve(cwd, dir);
  const known = memo.get(at);
  if (known) return known;
  let found: ReadConfig | undefined;
  for (const name of [configFileName, 'package.json']) {
    const file = path.join(at, name);
    const text = readIfFile(file);
    if (text === undefined) continue;
    const shown = fromCwd(file, cwd);
    const read = parseProjectConfig(shown, text, cwd);
    if (read) {
      found = { ...read, sources: new Map([[shown, new SourceFile(shown, text)]]) };
      break;
    }
  }
  const top = isRepositoryTop(at) || path.dirname(at) === at;
  found ??= top ? { config: undefined, diagnostics: [], sources: new Map() } : findProjectConfig(path.dirname(at), cwd, memo);
  memo.set(at, found);
  return found;
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // absent, a folder, or unreadable: not a config file
  }
}

/** A path as the user would write it from the working directory: relative below it, absolute elsewhere. */
function fromCwd(file: string, cwd: string): string {
  return file !== cwd && isWithin(cwd, file) ? path.relative(cwd, file) : file;
}

/**
 * The config for one run over `files`: the file `--config` names, none with `--no-config`, or the
 * one found above the files (above the working directory for `-`). Files under different configs
 * are refused: a run has one catalog, and settings meant for one project must not apply to another.
 */
export function projectConfigFor(
  files: readonly string[],
  choice: { readonly config?: string | undefined; readonly noConfig?: boolean | undefined },
  cwd: string = process.cwd(),
): ReadConfig & { readonly refusal?: string } {
  if (choice.noConfig) return { config: undefined, diagnostics: [], sources: new Map() };
  if (choice.config !== undefined) {
    const file = choice.config;
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
    } catch (error) {
      return { config: undefined, diagnostics: [diagnostic('AITM205', `cannot read config \`${file}\`: ${describeReadError(error)}`)], sources: new Map() };
    }
    const read = parseProjectConfig(file, text, cwd) ?? { config: undefined, diagnostics: [diagnostic('AITM901', `\`${file}\` has no \`aitm\` settings`, { help: 'put them under an `aitm` key' })] };
    return { ...read, sources: new Map([[file, new SourceFile(file, text)]]) };
  }
  const dirs = [...new Set((files.length > 0 ? files : [stdinArgument]).map((f) => (f === stdinArgument ? cwd : path.dirname(path.resolve(cwd, f)))))];
  const memo = new Map<string, ReadConfig>();
  const found = dirs.map((dir) => findProjectConfig(dir, cwd, memo));
  const names = [...new Set(found.map((r) => r.config?.file ?? r.sources.keys().next().value ?? 'no config file'))];
  if (names.length > 1) return { config: undefined, diagnostics: [], sources: new Map(), refusal: `the models are under different project configs (${names.join(', ')}): run aitm once per project` };
  return found[0]!;
}

/** The top of the git repository that holds `dir` (the nearest folder above with `.git`), if any. */
export function repositoryRoot(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (isRepositoryTop(at)) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

function isRepositoryTop(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.git'));
}
