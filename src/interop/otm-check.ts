import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseJsonWithPositions, type JsonPath, type Locate, type ParsedJson } from '../source/json-with-positions.js';
import { SourceFile } from '../source/source-file.js';
import { limits } from '../syntax/limits.js';
import type { OtmDocument, OtmThreatInstance } from './otm-types.js';

/**
 * Reading an OTM document: strict JSON with positions, the structure the importer relies on, and
 * the references between its objects. Every problem is a diagnostic at the JSON path where it is.
 */

export type { JsonPath, Locate, ParsedJson };

/** Parse strict JSON (no comments, no trailing commas); errors are AITM800 at their position. */
export function parseOtmJson(file: string, text: string): ParsedJson {
  // (A file too large to read is not looked into, not even for blanks: parseJsonWithPositions refuses it.)
  if (text.length <= limits.maxFileLength && (text.trim() === '' || text === '\uFEFF')) {
    const empty = diagnostic('AITM800', 'invalid JSON: the file is empty', { span: new SourceFile(file, text).span(0, 0), label: 'here', help: 'an OTM document is one JSON object' });
    return { value: undefined, diagnostics: [empty], locate: () => undefined };
  }
  return parseJsonWithPositions(file, text, (message, span) =>
    diagnostic('AITM800', message, { span, label: 'here', help: 'an OTM document is one JSON object; aitm reads OTM as JSON, not YAML' }),
  );
}

export function pathText(path: JsonPath): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

// ---- the structure, checked by hand ------------------------------------------------------------

/**
 * A small description of the JSON shapes the importer reads. It follows the OTM 0.2.0 schema's
 * required fields and types (most fields may also be `null` there) for everything aitm reads, so a
 * document that passes can be read without further type checks.
 */
type Shape =
  | { readonly t: 'string' | 'number' | 'boolean' | 'any'; readonly nullable?: boolean }
  | { readonly t: 'object'; readonly nullable?: boolean; readonly required?: readonly string[]; readonly fields?: Readonly<Record<string, Shape>>; readonly oneOf?: readonly string[] }
  | { readonly t: 'array'; readonly nullable?: boolean; readonly items: Shape };

const str: Shape = { t: 'string' };
const num: Shape = { t: 'number' };
const optStr: Shape = { t: 'string', nullable: true };
const attributes: Shape = { t: 'object', nullable: true };
const strings: Shape = { t: 'array', nullable: true, items: { t: 'string', nullable: true } };
const parent: Shape = { t: 'object', oneOf: ['trustZone', 'component'], fields: { trustZone: str, component: str } };
const representationElements: Shape = {
  t: 'array',
  nullable: true,
  items: { t: 'object', required: ['representation', 'id'], fields: { representation: str, id: str, name: optStr, file: optStr, line: { t: 'number', nullable: true }, attributes } },
};
const threatInstances: Shape = {
  t: 'array',
  nullable: true,
  items: {
    t: 'object',
    required: ['threat', 'state'],
    fields: {
      threat: str,
      state: str,
      mitigations: {
        t: 'array',
        items: { t: 'object', nullable: true, required: ['mitigation', 'state'], fields: { mitigation: optStr, state: optStr } },
      },
    },
  },
};

const documentShape: Shape = {
  t: 'object',
  required: ['otmVersion', 'project'],
  fields: {
    otmVersion: str,
    project: {
      t: 'object',
      required: ['name', 'id'],
      fields: { name: str, id: str, description: optStr, owner: optStr, ownerContact: optStr, tags: { t: 'array', nullable: true, items: str }, attributes },
    },
    representations: {
      t: 'array',
      nullable: true,
      items: { t: 'object', required: ['name', 'id', 'type'], fields: { name: str, id: str, type: str, description: optStr, attributes } },
    },
    assets: {
      t: 'array',
      nullable: true,
      items: {
        t: 'object',
        required: ['name', 'id', 'risk'],
        fields: {
          name: str,
          id: str,
          description: optStr,
          risk: { t: 'object', required: ['confidentiality', 'integrity', 'availability'], fields: { confidentiality: num, integrity: num, availability: num, comment: optStr } },
          attributes,
        },
      },
    },
    trustZones: {
      t: 'array',
      items: {
        t: 'object',
        required: ['id', 'name', 'risk'],
        fields: {
          id: str,
          name: str,
          type: str,
          description: optStr,
          risk: { t: 'object', required: ['trustRating'], fields: { trustRating: num } },
          parent,
          representations: representationElements,
          attributes,
        },
      },
    },
    components: {
      t: 'array',
      nullable: true,
      items: {
        t: 'object',
        required: ['id', 'name', 'type', 'parent'],
        fields: {
          id: str,
          name: str,
          type: str,
          description: optStr,
          parent,
          representations: representationElements,
          assets: { t: 'object', nullable: true, fields: { processed: strings, stored: strings } },
          threats: threatInstances,
          tags: strings,
          attributes,
        },
      },
    },
    dataflows: {
      t: 'array',
      items: {
        t: 'object',
        required: ['id', 'name', 'source', 'destination'],
        fields: {
          id: str,
          name: str,
          description: optStr,
          bidirectional: { t: 'boolean', nullable: true },
          source: str,
          destination: str,
          assets: strings,
          threats: threatInstances,
          tags: strings,
          attributes,
        },
      },
    },
    threats: {
      t: 'array',
      nullable: true,
      items: {
        t: 'object',
        required: ['id', 'name', 'risk'],
        fields: {
          id: str,
          name: str,
          description: optStr,
          categories: strings,
          risk: { t: 'object', required: ['likelihood', 'impact'], fields: { likelihood: { t: 'number', nullable: true }, impact: num } },
          tags: strings,
          attributes,
        },
      },
    },
    mitigations: {
      t: 'array',
      nullable: true,
      items: { t: 'object', required: ['id', 'name', 'riskReduction'], fields: { id: str, name: str, description: optStr, riskReduction: num, attributes } },
    },
  },
};

const shapeHelp = 'see the Open Threat Model 0.2.0 specification for the fields each object needs';

/** Check the structure aitm reads; problems are AITM801 (at most 20, the rest are usually the same mistake). */
export function checkStructure(value: unknown, locate: Locate): Diagnostic[] {
  const problems: { path: JsonPath; message: string }[] = [];
  check(value, documentShape, [], problems);
  return problems.slice(0, 20).map((p) => diagnostic('AITM801', `${pathText(p.path)}: ${p.message}`, { span: locate(p.path), help: shapeHelp }));
}

function check(value: unknown, shape: Shape, path: JsonPath, problems: { path: JsonPath; message: string }[]): void {
  if (value === null) {
    if (!shape.nullable && shape.t !== 'any') problems.push({ path, message: `must be ${describeShape(shape)}, not null` });
    return;
  }
  switch (shape.t) {
    case 'any':
      return;
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== shape.t || (shape.t === 'number' && !Number.isFinite(value))) problems.push({ path, message: `must be ${describeShape(shape)}` });
      return;
    case 'array':
      if (!Array.isArray(value)) {
        problems.push({ path, message: `must be ${describeShape(shape)}` });
        return;
      }
      value.forEach((item, index) => check(item, shape.items, [...path, index], problems));
      return;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ path, message: `must be ${describeShape(shape)}` });
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of shape.required ?? []) if (!Object.hasOwn(record, key)) problems.push({ path, message: `missing field \`${key}\`` });
      if (shape.oneOf) {
        const present = shape.oneOf.filter((key) => Object.hasOwn(record, key));
        if (present.length !== 1) problems.push({ path, message: `must have exactly one of ${shape.oneOf.map((k) => `\`${k}\``).join(' or ')}` });
      }
      for (const [key, field] of Object.entries(shape.fields ?? {})) {
        if (Object.hasOwn(record, key)) check(record[key], field, [...path, key], problems);
      }
      return;
    }
  }
}

function describeShape(shape: Shape): string {
  const base = shape.t === 'object' ? 'an object' : shape.t === 'array' ? 'an array' : `a ${shape.t}`;
  return shape.nullable ? `${base} or null` : base;
}

// ---- the structure, checked against a JSON Schema --------------------------------------------

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Check the document against a JSON Schema (the OTM schema, draft-07). The schema is compiled once
 * per object. Problems are AITM801, phrased like those of `checkStructure`.
 */
export function checkSchema(value: unknown, schema: object, locate: Locate): Diagnostic[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const errors = (validate.errors ?? []).filter((e) => !e.schemaPath.includes('/oneOf/'));
  const seen = new Set<string>();
  const result: Diagnostic[] = [];
  for (const error of errors) {
    const d = schemaDiagnostic(error, locate);
    if (seen.has(d.message)) continue;
    seen.add(d.message);
    result.push(d);
  }
  return result.slice(0, 20);
}

function schemaDiagnostic(error: ErrorObject, locate: Locate): Diagnostic {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') message = `missing field \`${(error.params as { missingProperty: string }).missingProperty}\``;
  else if (error.keyword === 'type') {
    const type = (error.params as { type: string | string[] }).type;
    const types = (Array.isArray(type) ? type : String(type).split(',')).map((t) => (t === 'object' || t === 'array' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`));
    message = `must be ${types.join(' or ')}`;
  } else if (error.keyword === 'oneOf' && path.at(-1) === 'parent') message = 'must have exactly one of `trustZone` or `component`';
  return diagnostic('AITM801', `${pathText(path)}: ${message}`, { span: locate(path), help: shapeHelp });
}

// ---- references --------------------------------------------------------------------------------

/**
 * Ids unique within each list (AITM803), and every reference naming something declared (AITM802):
 * parents, dataflow ends, assets, threats and mitigations. Parents must not loop. Call only on a
 * document that passed `checkStructure`.
 */
export function checkReferences(doc: OtmDocument, locate: Locate): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ids = (list: keyof OtmDocument, what: string): Map<string, number> => {
    const seen = new Map<string, number>();
    const items = (doc[list] ?? []) as readonly { id: string }[];
    items.forEach((item, index) => {
      const first = seen.get(item.id);
      if (first === undefined) {
        seen.set(item.id, index);
        return;
      }
      const firstSpan = locate([list, first, 'id']);
      diagnostics.push(
        diagnostic('AITM803', `${what} id \`${item.id}\` is used more than once`, {
          span: locate([list, index, 'id']),
          label: 'used again here',
          related: firstSpan ? [{ span: firstSpan, message: 'first used here' }] : undefined,
          help: `give each ${what} its own id; references to it would be ambiguous`,
        }),
      );
    });
    return seen;
  };
  const zones = ids('trustZones', 'trust zone');
  const components = ids('components', 'component');
  ids('dataflows', 'dataflow');
  const assets = ids('assets', 'asset');
  const threats = ids('threats', 'threat');
  const mitigations = ids('mitigations', 'mitigation');

  const unknown = (path: JsonPath, what: string, id: string, declared: ReadonlyMap<string, number>, where: string) => {
    if (declared.has(id)) return;
    diagnostics.push(
      diagnostic('AITM802', `${pathText(path)}: no ${what} has the id \`${id}\``, {
        span: locate(path),
        label: `unknown ${what}`,
        help: `declare it under \`${where}\`, or refer to one that is`,
      }),
    );
  };
  const parentRef = (path: JsonPath, p: { trustZone?: string | undefined; component?: string | undefined } | undefined) => {
    if (p?.trustZone !== undefined) unknown([...path, 'parent', 'trustZone'], 'trust zone', p.trustZone, zones, 'trustZones');
    else if (p?.component !== undefined) unknown([...path, 'parent', 'component'], 'component', p.component, components, 'components');
  };
  const instances = (path: JsonPath, list: readonly OtmThreatInstance[] | null | undefined) => {
    (list ?? []).forEach((instance, i) => {
      unknown([...path, 'threats', i, 'threat'], 'threat', instance.threat, threats, 'threats');
      (instance.mitigations ?? []).forEach((m, j) => {
        if (m?.mitigation != null) unknown([...path, 'threats', i, 'mitigations', j, 'mitigation'], 'mitigation', m.mitigation, mitigations, 'mitigations');
      });
    });
  };

  (doc.trustZones ?? []).forEach((z, i) => parentRef(['trustZones', i], z.parent));
  (doc.components ?? []).forEach((c, i) => {
    parentRef(['components', i], c.parent);
    for (const key of ['processed', 'stored'] as const) {
      (c.assets?.[key] ?? []).forEach((a, j) => {
        if (a !== null) unknown(['components', i, 'assets', key, j], 'asset', a, assets, 'assets');
      });
    }
    instances(['components', i], c.threats);
  });
  (doc.dataflows ?? []).forEach((f, i) => {
    for (const end of ['source', 'destination'] as const) {
      const id = f[end];
      if (components.has(id)) continue;
      diagnostics.push(
        diagnostic('AITM802', `${pathText(['dataflows', i, end])}: no component has the id \`${id}\``, {
          span: locate(['dataflows', i, end]),
          label: 'unknown component',
          help: zones.has(id) ? `\`${id}\` is a trust zone; a dataflow joins two components` : 'a dataflow joins two components declared under `components`',
        }),
      );
    }
    (f.assets ?? []).forEach((a, j) => {
      if (a !== null) unknown(['dataflows', i, 'assets', j], 'asset', a, assets, 'assets');
    });
    instances(['dataflows', i], f.threats);
  });

  // Parents that loop (a zone inside itself, a component inside one of its children).
  if (diagnostics.length === 0) {
    const parentOf = (type: 'trustZones' | 'components', index: number) => (doc[type] ?? [])[index]?.parent;
    for (const type of ['trustZones', 'components'] as const) {
      (doc[type] ?? []).forEach((_, start) => {
        const seen = new Set<string>([`${type}:${start}`]);
        let at: { type: 'trustZones' | 'components'; index: number } = { type, index: start };
        for (;;) {
          const p = parentOf(at.type, at.index);
          if (!p) return;
          const next = p.trustZone !== undefined ? { type: 'trustZones' as const, index: zones.get(p.trustZone)! } : { type: 'components' as const, index: components.get(p.component!)! };
          const key = `${next.type}:${next.index}`;
          if (next.type === type && next.index === start) {
            diagnostics.push(
              diagnostic('AITM802', `${pathText([type, start, 'parent'])}: the parents of \`${(doc[type] ?? [])[start]!.id}\` lead back to it`, {
                span: locate([type, start, 'parent']),
                label: 'parent loop',
                help: 'nothing can be inside itself; give one of them a trust zone as parent',
              }),
            );
            return;
          }
          if (seen.has(key)) return; // a loop further up, reported where it starts
          seen.add(key);
          at = next;
        }
      });
    }
  }
  return diagnostics;
}
