import type { ErrorObject, ValidateFunction } from 'ajv';
import * as ast from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceFile } from '../source/source-file.js';
import * as generatedValidators from './property-validators.generated.js';
import { propertyTables, type PropertySpec, type PropertyTable } from './vocabulary.js';

export type PropertyValue = string | number | boolean | string[];

/** Properties that passed every check, with where each is written. */
export interface CheckedProperties {
  readonly values: Record<string, PropertyValue>;
  /** Every property written, checked or not, by name (the first, when one is written twice). */
  readonly written: Record<string, ast.Property>;
  /**
   * Where the value of each property is written, or each item of a list: offsets, made into spans
   * only for the few that a diagnostic or the model points at.
   */
  readonly valueRanges: Record<string, readonly ast.Range[]>;
}

export interface PropertyContext {
  /** How the declaration is named in messages, e.g. "a model" or "a flow". */
  readonly subject: string;
  /** Where a property that belongs elsewhere could go, for help text (e.g. "`rate_limit` is a property of api"). */
  readonly elsewhere?: (name: string) => string | undefined;
}

const generated = generatedValidators as unknown as Record<string, ValidateFunction>;
/** By table, looked up once here: reading a module namespace by name for every declaration was slow. */
const validators = new Map(Object.entries(propertyTables).map(([name, table]) => [table as PropertyTable, generated[name]]));

/**
 * The validator of a property table, compiled from its JSON Schema at build time (npm run
 * generate): compiling a dozen schemas at run time cost more than the rest of `aitm check` on a
 * small model, and it needs `new Function`.
 */
function validatorFor(table: PropertyTable): ValidateFunction {
  const validate = validators.get(table);
  if (!validate) throw new Error('internal: a property table without a generated validator; add it to propertyTables');
  return validate;
}

/**
 * Check a declaration's properties against its table: each is known, written once, of the right
 * type, and (by the JSON Schema compiled from the table) one of the allowed values in the right
 * format. Bad properties are reported and left out; the rest are returned normalized (a list
 * property written as a single value becomes a one-item list).
 */
export function checkProperties(
  source: SourceFile,
  properties: readonly ast.Property[],
  table: PropertyTable,
  context: PropertyContext,
  diagnostics: Diagnostic[],
): CheckedProperties {
  const values: Record<string, PropertyValue> = {};
  // Keyed by whatever the author wrote: no prototype, so `constructor` or `__proto__` is a name like any other.
  const written: Record<string, ast.Property> = Object.create(null);
  const valueRanges: Record<string, readonly ast.Range[]> = {};
  /** Lists with an item of the wrong type: their other items are still checked, then they are left out. */
  let rejected: string[] | undefined;

  for (const property of properties) {
    const name = property.key;
    const spec = Object.hasOwn(table, name) ? table[name] : undefined;
    const first = written[name];
    if (first) {
      diagnostics.push(
        diagnostic('AITM306', `property \`${name}\` is set twice`, {
          span: source.spanOf(ast.keyRange(property)),
          label: 'set again here',
          related: [{ span: source.spanOf(first), message: 'first set here' }],
          help: 'remove one of them',
        }),
      );
      continue;
    }
    written[name] = property;
    if (!spec) {
      diagnostics.push(unknownProperty(source, property, table, context));
      continue;
    }
    if (!property.value) continue; // a syntax error already says the value is missing
    const converted = convert(source, property.value, spec, name, context, diagnostics);
    if (converted) {
      values[name] = converted.value;
      valueRanges[name] = converted.ranges;
      if (!converted.ok) (rejected ??= []).push(name);
    }
  }

  const validate = validatorFor(table);
  if (!validate(values)) {
    for (const error of validate.errors ?? []) {
      const reported = schemaDiagnostic(source, error, table, valueRanges);
      if (!reported) continue;
      diagnostics.push(reported.diagnostic);
      delete values[reported.property];
    }
  }
  for (const name of rejected ?? []) {
    delete values[name];
    delete valueRanges[name];
  }
  return { values, written, valueRanges };
}

function unknownProperty(source: SourceFile, property: ast.Property, table: PropertyTable, context: PropertyContext): Diagnostic {
  const name = property.key;
  const known = Object.keys(table);
  const help =
    didYouMean(name, known) ??
    context.elsewhere?.(name) ??
    `${context.subject} takes: ${known.join(', ')}`;
  return diagnostic('AITM400', `unknown property \`${name}\` on ${context.subject}`, {
    span: source.spanOf(ast.keyRange(property)),
    label: 'unknown property',
    help,
  });
}

const valueTypeNames: Record<ast.Value['type'], string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  date: 'a date',
  symbol: 'a name',
  list: 'a list',
};

function expectedName(spec: PropertySpec): string {
  switch (spec.type) {
    case 'text':
      return spec.many ? 'a list of strings' : 'a string';
    case 'boolean':
      return '`true` or `false`';
    case 'number':
      return 'a number';
    case 'date':
      return 'a date (YYYY-MM-DD)';
    case 'enum':
      return spec.many ? 'one or more of its values' : 'one of its values';
    case 'ref':
      return spec.many ? `a list of ${spec.to.join('/')} ids` : `a ${spec.to.join('/')} id`;
    case 'symbol':
      return spec.many ? 'a list of ids' : 'an id';
  }
}

/** Whether a single AST value (or one item of a list) has the shape the property wants. */
function fits(value: ast.Value, spec: PropertySpec): boolean {
  switch (spec.type) {
    case 'text':
      return value.type === 'string';
    case 'boolean':
      return value.type === 'boolean';
    case 'number':
      return value.type === 'number';
    case 'date':
      return value.type === 'date';
    case 'enum':
    case 'ref':
    case 'symbol':
      return value.type === 'symbol';
  }
}

function convert(
  source: SourceFile,
  value: ast.Value,
  spec: PropertySpec,
  name: string,
  context: PropertyContext,
  diagnostics: Diagnostic[],
): { value: PropertyValue; ranges: readonly ast.Range[]; ok: boolean } | undefined {
  const many = 'many' in spec && spec.many === true;
  if (value.type === 'list') {
    if (!many) {
      diagnostics.push(wrongType(source, value, spec, name, context, `\`${name}\` takes a single value, not a list`));
      return undefined;
    }
    let allFit = true;
    for (const item of value.items) {
      if (isItemOf(item, spec)) continue;
      allFit = false;
      diagnostics.push(wrongType(source, item, spec, name, context));
    }
    // With a bad item the property is dropped, but only after the good items are checked too.
    const good = allFit ? value.items : value.items.filter((item) => isItemOf(item, spec));
    // Mapped rather than pushed: the model keeps these lists, and a pushed-to array keeps spare room.
    return { value: good.map(itemText), ranges: good, ok: allFit };
  }
  if (!fits(value, spec)) {
    diagnostics.push(wrongType(source, value, spec, name, context));
    return undefined;
  }
  const single = scalar(value);
  return { value: many ? [String(single)] : single, ranges: [value], ok: true };
}

/** Only names (enum, ref, symbol) and strings (text) can be items: nothing else takes a list. */
function isItemOf(item: ast.Value, spec: PropertySpec): item is ast.SymbolValue | ast.StringValue {
  return (item.type === 'symbol' || item.type === 'string') && fits(item, spec);
}

function itemText(item: ast.Value): string {
  return (item as ast.SymbolValue | ast.StringValue).value;
}

function scalar(value: Exclude<ast.Value, ast.ListValue>): string | number | boolean {
  return value.value;
}

function wrongType(source: SourceFile, value: ast.Value, spec: PropertySpec, name: string, context: PropertyContext, message?: string): Diagnostic {
  let help: string | undefined;
  if (value.type === 'string' && (spec.type === 'enum' || spec.type === 'ref' || spec.type === 'symbol')) {
    help = `write it without quotes: \`${name}: ${value.value.replace(/\s+/g, '_')}\``;
  } else if (value.type === 'symbol' && spec.type === 'text') {
    help = spec.many ? `put each item in double quotes: \`"${value.value}"\`` : `put text in double quotes: \`${name}: "${value.value}"\``;
  } else if (value.type === 'string' && spec.type === 'date') {
    help = 'write the date without quotes, as YYYY-MM-DD';
  } else if (value.type === 'string' && spec.type === 'boolean') {
    help = `write \`${name}: true\` or \`${name}: false\` without quotes`;
  } else if (value.type === 'list') {
    help = 'keep one value';
  }
  return diagnostic('AITM401', message ?? `\`${name}\` on ${context.subject} expects ${expectedName(spec)}, found ${valueTypeNames[value.type]}`, {
    span: source.spanOf(value),
    label: `expected ${expectedName(spec)}`,
    help,
  });
}

function schemaDiagnostic(
  source: SourceFile,
  error: ErrorObject,
  table: PropertyTable,
  valueRanges: Record<string, readonly ast.Range[]>,
): { property: string; diagnostic: Diagnostic } | undefined {
  // instancePath is `/name` or `/name/index` (an item of a list).
  const [, property, index] = error.instancePath.split('/');
  if (!property) return undefined;
  const spec = table[property];
  const range = valueRanges[property]?.[index === undefined ? 0 : Number(index)];
  if (!spec || !range) return undefined;
  const span = source.spanOf(range);
  const value = String(error.data);
  if (error.keyword === 'enum' && spec.type === 'enum') {
    return {
      property,
      diagnostic: diagnostic('AITM402', `\`${value}\` is not a valid \`${property}\``, {
        span,
        label: 'not allowed here',
        help: didYouMean(value, spec.values) ?? `expected one of: ${spec.values.join(', ')}`,
      }),
    };
  }
  if (error.keyword === 'format' || error.keyword === 'pattern') {
    const help = spec.type === 'date' ? 'write a real calendar date as YYYY-MM-DD' : spec.type === 'text' ? spec.hint : undefined;
    const what = index === undefined ? `\`${property}\`` : `\`${property}\` entry`;
    return {
      property,
      diagnostic: diagnostic('AITM403', `\`${abbreviate(value)}\` is not a valid ${what}`, {
        span,
        label: spec.type === 'date' ? 'no such date' : 'wrong format',
        help,
      }),
    };
  }
  return {
    property,
    diagnostic: diagnostic('AITM402', `\`${value}\` is not a valid \`${property}\`: ${error.message ?? 'rejected'}`, { span }),
  };
}

/** A value quoted in a message, shortened in the middle when long (the span shows all of it). */
function abbreviate(value: string): string {
  return value.length <= 60 ? value : `${value.slice(0, 40)}…${value.slice(-16)}`;
}
