/**
 * The vocabulary of the .aitm language: element kinds, their properties and allowed values. This
 * is the single source of truth: the resolver validates against it, the JSON Schemas are generated
 * from it, the model's TypeScript types are derived from it, and the docs table is checked against it.
 */

export const elementKinds = [
  'actor',
  'service',
  'api',
  'model',
  'agent',
  'tool',
  'dataset',
  'store',
  'pipeline',
  'toolserver',
] as const;
export type ElementKind = (typeof elementKinds)[number];

export const trustLevels = ['untrusted', 'external', 'partner', 'internal', 'restricted'] as const;
export type TrustLevel = (typeof trustLevels)[number];

export const classifications = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof classifications)[number];

export const dispositionKinds = ['mitigate', 'accept', 'dismiss'] as const;
export type DispositionKind = (typeof dispositionKinds)[number];

/** What a reference property may point at. `data` is a data asset; the rest are element kinds. */
export type RefTarget = ElementKind | 'data';

export type PropertySpec =
  /**
   * Free text. `pattern` (a JSON Schema regular expression) constrains its format, with `hint` as the
   * help shown when a value does not match; with `many`, it is a list of strings, each matched.
   */
  | { readonly type: 'text'; readonly doc: string; readonly pattern?: string; readonly hint?: string; readonly many?: boolean }
  | { readonly type: 'boolean'; readonly doc: string }
  | { readonly type: 'number'; readonly doc: string; readonly minimum?: number }
  | { readonly type: 'date'; readonly doc: string }
  | { readonly type: 'enum'; readonly doc: string; readonly values: readonly string[]; readonly many?: boolean }
  | { readonly type: 'ref'; readonly doc: string; readonly to: readonly RefTarget[]; readonly many?: boolean }
  /** An open set of identifiers (e.g. control ids), checked later against a catalog. */
  | { readonly type: 'symbol'; readonly doc: string; readonly many?: boolean };

export type PropertyTable = Readonly<Record<string, PropertySpec>>;

const exposure = {
  type: 'enum',
  doc: 'Who can reach it over the network.',
  values: ['public', 'partner', 'internal', 'private'],
} as const;
const auth = {
  type: 'enum',
  doc: 'How callers authenticate.',
  values: ['none', 'api_key', 'basic', 'session', 'oauth2', 'oidc', 'mtls', 'iam'],
} as const;
const classification = {
  type: 'enum',
  doc: 'Sensitivity of the information.',
  values: classifications,
} as const;
const pii = { type: 'boolean', doc: 'Contains personal data.' } as const;
const rateLimit = {
  type: 'text',
  doc: 'Request limit per caller, as `N/unit` (unit: s, min, h, day); counts as the `rate_limiting` control.',
  pattern: '^[0-9]+ */ *(s|sec|second|min|minute|h|hour|day)$',
  hint: 'write it as "N/unit", e.g. "30/min" (units: s, min, h, day)',
} as const;
const quota = {
  type: 'text',
  doc: 'Spending or token quota per caller, free text (e.g. "1M tokens/day"); counts as the `usage_quotas` control.',
} as const;
/** How strongly code run by an element is isolated from its host, weakest first. */
const sandbox = {
  type: 'enum',
  doc: 'How the code it runs is isolated: not at all, as a restricted process on the host, in a container (shared kernel), or in a virtual machine of its own.',
  values: ['none', 'process', 'container', 'vm'],
} as const;
/** Who publishes a component that is fetched by name, which decides who can change what you get. */
const publisher = {
  type: 'enum',
  doc: 'Who publishes it: your own team, the vendor of what it wraps or an organisation whose namespace you have verified, an individual or community account, or nobody you can tell.',
  values: ['in_house', 'vendor', 'community', 'unknown'],
} as const;
const pinned = {
  type: 'boolean',
  doc: 'Its version and description are pinned by digest, and a change is reviewed before it is used.',
} as const;
const loaded = {
  type: 'enum',
  doc: 'When its code and description are fetched: once, at install or deploy time, or afresh at run time (plugins, skills, `npx`-started servers).',
  values: ['install', 'runtime'],
} as const;
const runsOn = {
  type: 'enum',
  doc: 'Where it runs: on infrastructure you operate, or on the user\'s own device, where the user controls it.',
  values: ['server', 'client'],
} as const;
const scope = {
  type: 'enum',
  doc: 'How broad its permissions are.',
  values: ['narrow', 'broad', 'admin'],
} as const;
/**
 * Files that make up a model or dataset, each pinned by its SHA-256 as `sha256sum` prints it, so
 * that `aitm verify` can check them and exports can publish the digests (the CISA/NCSC guidelines
 * ask providers to compute and share hashes of models and datasets).
 */
const artifacts = {
  type: 'text',
  many: true,
  doc: 'Its files, each with its SHA-256 as `sha256sum` prints it: `"<digest>  <path>"`, the path relative to this .aitm file (checked by `aitm verify`).',
  pattern: '^[0-9a-f]{64}  \\S.*$',
  hint: 'write it as sha256sum prints it: `<digest>  <path>` (64 lowercase hex digits, two spaces, then the path relative to this file)',
} as const;

/** Properties every element accepts, whatever its kind. */
export const commonElementProperties = {
  description: { type: 'text', doc: 'What it is, in a sentence or two.' },
  owner: { type: 'text', doc: 'Team or person accountable for it.' },
  controls: {
    type: 'symbol',
    many: true,
    doc: 'Security controls in place on this element (ids from the control catalog).',
  },
  credentials: {
    type: 'ref',
    to: ['data'],
    many: true,
    doc: 'Credentials or secrets this element holds (data assets, usually of kind `credentials`).',
  },
  tags: { type: 'symbol', many: true, doc: 'Free-form labels for grouping and filtering.' },
} as const satisfies PropertyTable;

export const elementProperties = {
  actor: {
    type: {
      type: 'enum',
      doc: 'Who or what the actor is.',
      values: ['human', 'organization', 'system', 'device'],
    },
    authenticated: { type: 'boolean', doc: 'The actor is authenticated before it interacts.' },
  },
  service: {
    type: {
      type: 'enum',
      doc: 'What sort of service it is; ML infrastructure types matter to credential and exposure threats.',
      values: [
        'web_app',
        'backend',
        'gateway',
        'orchestrator',
        'queue',
        'notebook',
        'dashboard',
        'training_cluster',
        'renderer',
        'email',
        'capture',
        'cloud_account',
        'other',
      ],
    },
    exposure,
    auth,
    interprets: {
      type: 'enum',
      many: true,
      doc: 'Languages it interprets or renders from its input (model output handed to these is code, not text).',
      values: ['sql', 'shell', 'html', 'markdown', 'code', 'template', 'url'],
    },
    sandbox,
    runs_on: runsOn,
    rate_limit: rateLimit,
    quota,
  },
  api: {
    exposure,
    auth,
    rate_limit: rateLimit,
    quota,
  },
  model: {
    type: {
      type: 'enum',
      doc: 'What kind of model it is.',
      values: [
        'llm',
        'classifier',
        'regressor',
        'embedding',
        'vision',
        'speech',
        'image_generation',
        'recommender',
        'detector',
        'multimodal',
        'other',
      ],
    },
    hosting: {
      type: 'enum',
      doc: 'Where inference runs.',
      values: ['self_hosted', 'managed', 'external_api', 'on_device'],
    },
    weights: {
      type: 'enum',
      doc: 'Where the weights come from.',
      values: ['proprietary', 'open', 'third_party'],
    },
    format: {
      type: 'enum',
      doc: 'Serialization format of the weights (pickle-based formats run code when loaded).',
      values: ['safetensors', 'onnx', 'gguf', 'pickle', 'pytorch', 'joblib', 'keras', 'tensorflow', 'other'],
    },
    returns: {
      type: 'enum',
      many: true,
      doc: 'What callers get back (scores and logits leak more than labels).',
      values: ['label', 'scores', 'logits', 'text', 'embeddings', 'image', 'audio', 'structured'],
    },
    trained_on: { type: 'ref', to: ['dataset'], many: true, doc: 'Datasets it was trained on.' },
    fine_tuned_on: { type: 'ref', to: ['dataset'], many: true, doc: 'Datasets it was fine-tuned on.' },
    base: { type: 'ref', to: ['model'], doc: 'The model it was derived from.' },
    decides: {
      type: 'enum',
      many: true,
      doc: 'What its output decides.',
      values: [
        'authentication',
        'authorization',
        'fraud',
        'moderation',
        'safety',
        'medical',
        'credit',
        'hiring',
        'content',
        'malware',
        'spam',
        'intrusion',
        'none',
      ],
    },
    task: {
      type: 'enum',
      many: true,
      doc: 'What it is asked to do with its input.',
      values: ['chat', 'summarization', 'translation', 'code_generation', 'extraction', 'planning', 'search', 'other'],
    },
    provider: { type: 'text', doc: 'Who provides or hosts it.' },
    publisher,
    namespace: { type: 'text', doc: 'Where it is fetched from by name, e.g. `"huggingface.co/acme/ranker"`.' },
    stored_in: { type: 'ref', to: ['store'], doc: 'Where its weights are kept (e.g. a model registry).' },
    artifacts,
  },
  agent: {
    autonomy: {
      type: 'enum',
      doc: 'How far it acts on its own: suggests only, acts with a human in the loop, or acts alone.',
      values: ['assistive', 'supervised', 'autonomous'],
    },
    uses: { type: 'ref', to: ['model'], many: true, doc: 'Models it calls.' },
    memory: {
      type: 'ref',
      to: ['store'],
      many: true,
      doc: 'Stores it keeps memory in, short- or long-term (the store\'s `retention` and `shared` say which).',
    },
    delegates_to: { type: 'ref', to: ['agent'], many: true, doc: 'Agents it hands tasks to: a hand-off, as a flow to each would be.' },
    acts_as: {
      type: 'enum',
      doc: 'Whose identity its calls carry: the requesting user\'s (delegated), its own narrowly scoped one, or a service identity shared with others.',
      values: ['user', 'own', 'shared'],
    },
    runs_on: runsOn,
  },
  tool: {
    effect: {
      type: 'enum',
      many: true,
      doc: 'What calling it does.',
      values: ['read', 'write', 'execute', 'network', 'financial', 'communication'],
    },
    approval: {
      type: 'enum',
      doc: 'Who approves a call before it takes effect.',
      values: ['none', 'policy', 'human'],
    },
    origin: {
      type: 'enum',
      doc: 'Where the tool comes from.',
      values: ['in_house', 'third_party_package', 'remote_mcp', 'local_mcp', 'plugin_registry'],
    },
    scope,
    fetches: {
      type: 'enum',
      many: true,
      doc: 'External content it brings back to its caller (attacker-controllable).',
      values: ['web', 'email', 'documents', 'repository', 'tickets', 'api'],
    },
    writes_to: {
      type: 'enum',
      many: true,
      doc: 'Places outside the system it writes to that others can read later.',
      values: ['web', 'email', 'documents', 'repository', 'tickets', 'chat', 'api'],
    },
    reversible: {
      type: 'boolean',
      doc: 'Its effect can be undone. Undeclared, financial, communication and execute effects count as irreversible.',
    },
    server: { type: 'ref', to: ['toolserver'], doc: 'The tool server (e.g. an MCP server) that provides it.' },
    sandbox,
    publisher,
    pinned,
    loaded,
    runs_on: runsOn,
  },
  dataset: {
    purpose: {
      type: 'enum',
      many: true,
      doc: 'What it is used for.',
      values: ['training', 'fine_tuning', 'evaluation', 'retrieval', 'feedback'],
    },
    source: {
      type: 'enum',
      many: true,
      doc: 'Where its records come from.',
      values: ['internal', 'public_web', 'user_generated', 'third_party', 'crowdsourced', 'synthetic'],
    },
    labeling: {
      type: 'enum',
      doc: 'Who labels it.',
      values: ['none', 'internal', 'crowdsourced', 'automated', 'third_party'],
    },
    provenance: {
      type: 'enum',
      doc: 'How well its origin and licence are established.',
      values: ['verified', 'documented', 'unknown'],
    },
    license: { type: 'text', doc: 'Licence of the data.' },
    contains: { type: 'ref', to: ['data'], many: true, doc: 'Data assets found in it.' },
    classification,
    pii,
    content: {
      type: 'enum',
      doc: 'How its records are kept: as copies, or as links fetched again whenever the set is used (the domains behind them can change hands).',
      values: ['copies', 'links'],
    },
    publisher,
    namespace: { type: 'text', doc: 'Where it is fetched from by name, e.g. `"huggingface.co/datasets/acme/reviews"`.' },
    artifacts,
  },
  store: {
    type: {
      type: 'enum',
      doc: 'What sort of store it is.',
      values: [
        'vector',
        'relational',
        'document',
        'object',
        'key_value',
        'feature',
        'model_registry',
        'log',
        'memory',
        'cache',
      ],
    },
    holds: { type: 'ref', to: ['data'], many: true, doc: 'Data assets kept in it.' },
    encrypted: { type: 'boolean', doc: 'Encrypted at rest.' },
    tenancy: {
      type: 'enum',
      doc: 'Whether several customers share it.',
      values: ['single', 'multi'],
    },
    retention: {
      type: 'enum',
      doc: 'How long what is written stays: for one session (short-term), or across sessions (long-term).',
      values: ['session', 'persistent'],
    },
    shared: {
      type: 'enum',
      many: true,
      doc: 'Who shares what one writes: several users, or several agents.',
      values: ['users', 'agents'],
    },
    exposure,
    auth,
  },
  pipeline: {
    stage: {
      type: 'enum',
      many: true,
      doc: 'Which steps of the ML lifecycle it runs.',
      values: ['ingestion', 'labeling', 'training', 'fine_tuning', 'evaluation', 'deployment', 'monitoring'],
    },
    consumes: {
      type: 'ref',
      to: ['dataset', 'store', 'model'],
      many: true,
      doc: 'What it reads.',
    },
    produces: {
      type: 'ref',
      to: ['dataset', 'store', 'model'],
      many: true,
      doc: 'What it writes.',
    },
    schedule: { type: 'text', doc: 'When it runs (free text, e.g. "nightly").' },
    runs_on: runsOn,
  },
  toolserver: {
    protocol: {
      type: 'enum',
      doc: 'The protocol its tools are offered by.',
      values: ['mcp', 'openapi', 'other'],
    },
    transport: {
      type: 'enum',
      doc: 'How callers reach it: a local process over standard input and output, or over the network.',
      values: ['stdio', 'http', 'sse', 'websocket'],
    },
    location: {
      type: 'enum',
      doc: 'Where it runs: beside its caller on the same host, or on a host of its own or someone else\'s. Undeclared, `stdio` means local.',
      values: ['local', 'remote'],
    },
    publisher,
    scope,
    pinned: {
      type: 'boolean',
      doc: 'The tool descriptions it serves (and its version) are pinned by digest; a change is reviewed before an agent sees it.',
    },
    loaded,
    sandbox,
    exposure,
    auth,
  },
} as const satisfies Record<ElementKind, PropertyTable>;

export const dataProperties = {
  description: commonElementProperties.description,
  classification,
  pii,
  origin: {
    type: 'enum',
    doc: 'Whether its content can be controlled by someone outside the system.',
    values: ['trusted', 'untrusted'],
  },
  kind: {
    type: 'enum',
    doc: 'What sort of information it is, where that matters to threats.',
    values: [
      'general',
      'personal',
      'credentials',
      'model_weights',
      'prompt',
      'system_prompt',
      'model_output',
      'embeddings',
      'training_data',
      'documents',
      'code',
      'telemetry',
      'tool_description',
      'configuration',
    ],
  },
  unlocks: {
    type: 'ref',
    to: elementKinds,
    many: true,
    doc: 'For a credential: what it gives access to (a hosted model\'s API, a cloud account, a store, a tool server).',
  },
} as const satisfies PropertyTable;

export const boundaryProperties = {
  trust: { type: 'enum', doc: 'How far what runs inside is trusted.', values: trustLevels },
  description: commonElementProperties.description,
  owner: commonElementProperties.owner,
} as const satisfies PropertyTable;

/**
 * Practices a system can declare, each serving one recommendation of the CISA / UK NCSC
 * Guidelines for Secure AI System Development (ids as in shared/reference/cisa-ncsc-guidelines.json).
 */
export const practices = {
  security_training: 'DESIGN-1',
  threat_modeling: 'DESIGN-2',
  secure_design_review: 'DESIGN-3',
  model_selection_review: 'DESIGN-4',
  supply_chain_review: 'DEV-1',
  asset_inventory: 'DEV-2',
  model_documentation: 'DEV-3',
  technical_debt_tracking: 'DEV-4',
  infrastructure_hardening: 'DEPLOY-1',
  model_protection: 'DEPLOY-2',
  incident_response: 'DEPLOY-3',
  red_teaming: 'DEPLOY-4',
  secure_defaults: 'DEPLOY-5',
  behaviour_monitoring: 'OPS-1',
  input_monitoring: 'OPS-2',
  secure_updates: 'OPS-3',
  lessons_sharing: 'OPS-4',
} as const;
export type Practice = keyof typeof practices;

export const systemProperties = {
  owner: commonElementProperties.owner,
  version: { type: 'text', doc: 'Version of the system described.' },
  description: commonElementProperties.description,
  practices: {
    type: 'enum',
    many: true,
    doc: 'Security practices the team follows (each maps to a CISA/NCSC guideline).',
    values: Object.keys(practices) as (keyof typeof practices)[],
  },
  controls: {
    type: 'symbol',
    many: true,
    doc: 'Controls in place across the whole system (ids from the control catalog), counted on every element and flow.',
  },
} as const satisfies PropertyTable;

export const flowProperties = {
  carries: { type: 'ref', to: ['data'], many: true, doc: 'Data assets that move along it.' },
  protocol: {
    type: 'enum',
    doc: 'Transport or protocol.',
    values: ['https', 'http', 'grpc', 'websocket', 'sql', 'amqp', 'kafka', 'smtp', 'ssh', 'sftp', 'mcp', 'file', 'in_process', 'other'],
  },
  encrypted: { type: 'boolean', doc: 'Encrypted in transit.' },
  authenticated: { type: 'boolean', doc: 'Both ends are authenticated.' },
  integrity: { type: 'boolean', doc: 'What moves is hashed or signed and verified on arrival.' },
  approval: {
    type: 'enum',
    doc: 'Who approves each request along it before it takes effect: nobody, an automated policy, or a person (a human-in-the-loop approval point).',
    values: ['none', 'policy', 'human'],
  },
  description: commonElementProperties.description,
  controls: commonElementProperties.controls,
} as const satisfies PropertyTable;

export const mitigationStatuses = ['planned', 'in_progress', 'implemented', 'verified'] as const;

export const dispositionProperties = {
  mitigate: {
    by: { type: 'text', doc: 'How the threat is mitigated.' },
    status: { type: 'enum', doc: 'How far along the mitigation is.', values: mitigationStatuses },
    controls: commonElementProperties.controls,
    owner: commonElementProperties.owner,
  },
  accept: {
    reason: { type: 'text', doc: 'Why the risk is accepted.' },
    owner: { type: 'text', doc: 'Who accepted it.' },
    expires: { type: 'date', doc: 'When the acceptance must be reviewed (YYYY-MM-DD).' },
  },
  dismiss: {
    reason: { type: 'text', doc: 'Why the threat does not apply (a false positive).' },
    owner: commonElementProperties.owner,
  },
} as const satisfies Record<DispositionKind, PropertyTable>;

/** Properties a declaration cannot do without. */
export const requiredProperties = {
  mitigate: ['by'],
  accept: ['reason', 'owner', 'expires'],
  dismiss: ['reason'],
} as const satisfies Record<DispositionKind, readonly string[]>;

const elementTables = Object.fromEntries(
  elementKinds.map((kind): [ElementKind, PropertyTable] => [kind, Object.freeze({ ...commonElementProperties, ...elementProperties[kind] })]),
) as Record<ElementKind, PropertyTable>;

/**
 * The full property table of an element kind: its own properties plus the common ones. The same
 * object every time, so that its validator can be found by identity.
 */
export function elementPropertyTable(kind: ElementKind): PropertyTable {
  return elementTables[kind];
}

/**
 * Every property table a declaration is checked against, by a stable name. Their validators are
 * compiled at build time from these (see scripts/artifacts.ts) and looked up by table identity.
 */
export const propertyTables: Readonly<Record<string, PropertyTable>> = {
  system: systemProperties,
  data: dataProperties,
  boundary: boundaryProperties,
  flow: flowProperties,
  ...Object.fromEntries(elementKinds.map((kind) => [`element_${kind}`, elementTables[kind]])),
  ...Object.fromEntries(dispositionKinds.map((kind) => [`disposition_${kind}`, dispositionProperties[kind]])),
};

/**
 * Properties that say a security control is in place, with the id the control catalog gives that
 * control: `rate_limit: "30/min"` is the control `rate_limiting`, `approval: human` is
 * `human_approval`. Analysis counts the control wherever the property says so, and reads the
 * control as the property where a threat asks (a tool with `controls: [human_approval]` is
 * approved by a person), so a system gets the same findings whichever way it is written. `values`
 * lists the values that count (without it, any value does); `on` the kinds it counts on (without
 * it, every element and flow that has the property).
 */
export const statedControls: readonly {
  readonly control: string;
  readonly property: string;
  readonly values?: readonly (string | boolean)[];
  readonly on?: readonly (ElementKind | 'flow')[];
}[] = [
  { control: 'rate_limiting', property: 'rate_limit' },
  { control: 'usage_quotas', property: 'quota' },
  { control: 'human_approval', property: 'approval', values: ['human'] },
  { control: 'sandboxing', property: 'sandbox', values: ['container', 'vm'] },
  { control: 'dependency_pinning', property: 'pinned', values: [true] },
  { control: 'encryption_at_rest', property: 'encrypted', values: [true], on: ['store'] },
  { control: 'encryption_in_transit', property: 'encrypted', values: [true], on: ['flow'] },
  { control: 'authentication', property: 'authenticated', values: [true], on: ['flow'] },
  { control: 'authentication', property: 'auth', values: ['api_key', 'basic', 'session', 'oauth2', 'oidc', 'mtls', 'iam'] },
  { control: 'artifact_signing', property: 'integrity', values: [true], on: ['flow'] },
  { control: 'delegated_authorization', property: 'acts_as', values: ['user'] },
  { control: 'least_privilege', property: 'scope', values: ['narrow'] },
];

