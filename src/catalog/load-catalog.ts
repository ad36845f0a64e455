import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject } from 'ajv';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { parseJsonWithPositions } from '../source/json-with-positions.js';
import type { Span } from '../source/span.js';
import { elementPropertyTable, flowProperties, type ElementKind } from '../semantics/vocabulary.js';
import { catalogJsonSchema } from './catalog-schema.js';
import { predicates, predicateNames } from './predicates.js';
import type { Catalog, CatalogFile, Condition, Control, TargetKind, Threat } from './types.js';

let validateCatalog: ReturnType<Ajv['compile']> | undefined;
function validator() {
  // Compiled on first use: most runs use only the built-in catalog, which the test suite validates.
  validateCatalog ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true }).compile(catalogJsonSchema());
  return validateCatalog;
}

export interface CatalogInput {
  /** Shown in diagnostics and reports. */
  readonly name: string;
  /** The JSON text (for user catalogs), or an already-parsed catalog (the built-in one). */
  readonly text?: string;
  readonly value?: CatalogFile;
}

export interface LoadedCatalog {
  readonly catalog: Catalog;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parse, validate and merge catalogs. A user catalog is checked against the generated schema and
 * then for what a schema cannot say (properties that exist for the threat's targets, controls
 * that exist, ids used once); every problem is a diagnostic at the JSON path where it is. A catalog
 * with errors contributes nothing, so a broken file never half-applies.
 */
export function loadCatalogs(inputs: readonly CatalogInput[]): LoadedCatalog {
  const diagnostics: Diagnostic[] = [];
  const threats: Threat[] = [];
  const controls = new Map<string, Control>();
  const sources: { name: string; sha256: string }[] = [];
  const parsed: { input: CatalogInput; file: CatalogFile; locate: (path: (string | number)[]) => Span | undefined }[] = [];
  let version = '';

  for (const input of inputs) {
    const text = input.text ?? JSON.stringify(input.value);
    sources.push({ name: input.name, sha256: createHash('sha256').update(text).digest('hex') });
    if (input.value) {
      parsed.push({ input, file: input.value, locate: () => undefined });
      continue;
    }
    const result = parseJson(input.name, text);
    diagnostics.push(...result.diagnostics);
    if (result.value === undefined) continue;
    const validate = validator();
    if (!validate(result.value)) {
      diagnostics.push(...(validate.errors ?? []).flatMap((e) => schemaError(e, result.locate)));
      continue;
    }
    parsed.push({ input, file: result.value as CatalogFile, locate: result.locate });
  }

  // Controls first: a threat in one catalog may be mitigated by a control from another.
  const controlSpans = new Map<string, Span | undefined>();
  for (const { file, locate } of parsed) {
    file.controls?.forEach((control, index) => {
      const span = locate(['controls', index, 'id']);
      if (controls.has(control.id)) {
        diagnostics.push(duplicate('control', control.id, span, controlSpans.get(control.id)));
        return;
      }
      controls.set(control.id, control);
      controlSpans.set(control.id, span);
    });
  }
  const threatSpans = new Map<string, Span | undefined>();
  for (const { input, file, locate } of parsed) {
    if (!version && file.version) version = file.version;
    const before = diagnostics.length;
    const accepted: Threat[] = [];
    file.threats?.forEach((threat, index) => {
      const at = (...path: (string | number)[]) => locate(['threats', index, ...path]);
      if (threatSpans.has(threat.id)) {
        diagnostics.push(duplicate('threat', threat.id, at('id'), threatSpans.get(threat.id)));
        return;
      }
      threatSpans.set(threat.id, at('id'));
      threat.mitigations.forEach((mitigation, m) =>
        mitigation.controls.forEach((control, c) => {
          if (controls.has(control)) return;
          diagnostics.push(
            diagnostic('AITM704', `threat \`${threat.id}\` is mitigated by unknown control \`${control}\``, {
              span: at('mitigations', m, 'controls', c),
              help: didYouMean(control, controls.keys()) ?? `declare it under "controls" in ${input.name} or another catalog`,
            }),
          );
        }),
      );
      if (threat.when) checkCondition(threat, threat.when, ['when'], at, diagnostics);
      accepted.push(threat);
    });
    if (diagnostics.slice(before).some((d) => d.severity === 'error')) continue;
    threats.push(...accepted);
  }
  return { catalog: { version, threats, controls, sources }, diagnostics };
}

function checkCondition(
  threat: Threat,
  condition: Condition,
  path: (string | number)[],
  at: (...path: (string | number)[]) => Span | undefined,
  diagnostics: Diagnostic[],
): void {
  if ('all' in condition) condition.all.forEach((c, i) => checkCondition(threat, c, [...path, 'all', i], at, diagnostics));
  else if ('any' in condition) condition.any.forEach((c, i) => checkCondition(threat, c, [...path, 'any', i], at, diagnostics));
  else if ('not' in condition) checkCondition(threat, condition.not, [...path, 'not'], at, diagnostics);
  else if ('predicate' in condition) {
    const appliesTo = predicates[condition.predicate].appliesTo;
    const misfit = threat.targets.filter((t) => (t === 'flow') !== (appliesTo === 'flow'));
    if (misfit.length > 0) {
      diagnostics.push(
        diagnostic('AITM705', `predicate \`${condition.predicate}\` is about ${appliesTo}s, but threat \`${threat.id}\` also targets ${misfit.join(', ')}`, {
          span: at(...path, 'predicate'),
          help: 'split the threat by target, or use a predicate that fits every target',
        }),
      );
    }
  } else {
    // On a target kind without the property it is unset, as it is on one that does not write it; a
    // property no target kind has is a mistake (a typo), and the condition could never hold.
    if (!threat.targets.some((t) => Object.hasOwn(propertyTable(t), condition.property))) {
      const known = new Set(threat.targets.flatMap((t) => Object.keys(propertyTable(t))));
      diagnostics.push(
        diagnostic('AITM702', `\`${condition.property}\` is not a property of ${threat.targets.join(', ')} (threat \`${threat.id}\`)`, {
          span: at(...path, 'property'),
          help: didYouMean(condition.property, known) ?? 'a property condition must name a property of at least one of the threat\'s target kinds',
        }),
      );
    }
  }
}

function propertyTable(target: TargetKind) {
  return target === 'flow' ? flowProperties : elementPropertyTable(target as ElementKind);
}

function duplicate(what: string, id: string, span: Span | undefined, first: Span | undefined): Diagnostic {
  return diagnostic('AITM703', `${what} \`${id}\` is defined more than once`, {
    span,
    related: first ? [{ span: first, message: 'first defined here' }] : undefined,
    help: `give each ${what} its own id; to change a built-in ${what}, disable it and add your own under a new id`,
  });
}

function parseJson(name: string, text: string) {
  return parseJsonWithPositions(name, text, (message, span) => diagnostic('AITM700', message, { span, label: 'here' }));
}

function schemaError(error: ErrorObject, locate: (path: (string | number)[]) => Span | undefined): Diagnostic[] {
  // if/then reports the failing `then` as well as the error inside it; the inner error is the useful one.
  if (error.keyword === 'if') return [];
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const where = '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  let message = error.message ?? 'is invalid';
  let help: string | undefined;
  let span = locate(path);
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
    const value = String(error.data);
    message = `\`${value}\` is not allowed`;
    help = didYouMean(value, allowed) ?? `expected one of: ${allowed.join(', ')}`;
    if (path.at(-1) === 'predicate') help = didYouMean(value, predicateNames) ?? `predicates: ${predicateNames.join(', ')}`;
  } else if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    message = `unknown field \`${extra}\``;
    span = locate([...path, extra]) ?? span;
    const allowed = Object.keys(((error.parentSchema as { properties?: object })?.properties ?? {}));
    help = didYouMean(extra, allowed);
  } else if (error.keyword === 'propertyNames') {
    const name = (error.params as { propertyName: string }).propertyName;
    message = `unknown field \`${name}\``;
    span = locate([...path, name]) ?? span;
    return [diagnostic('AITM701', `${where}: ${message}`, { span })];
  } else if (error.keyword === 'required') {
    message = `missing field \`${(error.params as { missingProperty: string }).missingProperty}\``;
  }
  return [diagnostic('AITM701', `${where}: ${message}`, { span, help })];
}
