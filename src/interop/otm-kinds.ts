import type { ElementKind } from '../semantics/vocabulary.js';
import { kindOfComponentType } from './otm-mapping.js';

/**
 * The element kind of an OTM component `type` written by another tool. Types are free text
 * (`web-service`, `ec2-instance`, `PostgreSQLDatabase`), so the type is split into words and the
 * last word that names something aitm knows decides: `web-client` is a client (an actor),
 * `customer-database` a database (a store), `api-gateway` a gateway (a service). A type with no
 * such word becomes a service, the most general kind. Some words also say what sort of element it
 * is (`postgres` → a relational store); those properties are filled in unless OTM says otherwise.
 */

export interface KindGuess {
  readonly kind: ElementKind;
  /** `aitm`: one of aitm's own types; `keyword`: a known word in the type; `default`: nothing matched. */
  readonly how: 'aitm' | 'keyword' | 'default';
  /** The word that decided. */
  readonly word?: string;
  /** Properties the word implies (`type` only). */
  readonly properties: Readonly<Record<string, string>>;
}

type Entry = readonly [ElementKind, string?];

/** Each word, the kind it means and optionally the value of that kind's `type` property. Documented in docs/interop.md. */
export const typeKeywords: Readonly<Record<string, Entry>> = {
  // actors
  user: ['actor', 'human'],
  users: ['actor', 'human'],
  person: ['actor', 'human'],
  human: ['actor', 'human'],
  customer: ['actor', 'human'],
  employee: ['actor', 'human'],
  admin: ['actor', 'human'],
  administrator: ['actor', 'human'],
  operator: ['actor', 'human'],
  attacker: ['actor', 'human'],
  client: ['actor'],
  browser: ['actor'],
  actor: ['actor'],
  mobile: ['actor', 'device'],
  device: ['actor', 'device'],
  iot: ['actor', 'device'],
  organization: ['actor', 'organization'],
  organisation: ['actor', 'organization'],
  // models
  llm: ['model', 'llm'],
  gpt: ['model', 'llm'],
  model: ['model'],
  ml: ['model'],
  ai: ['model'],
  genai: ['model'],
  classifier: ['model', 'classifier'],
  embedding: ['model', 'embedding'],
  embeddings: ['model', 'embedding'],
  inference: ['model'],
  // agents
  agent: ['agent'],
  copilot: ['agent'],
  assistant: ['agent'],
  bot: ['agent'],
  chatbot: ['agent'],
  // tools
  tool: ['tool'],
  plugin: ['tool'],
  connector: ['tool'],
  // tool servers
  mcp: ['toolserver'],
  toolserver: ['toolserver'],
  // datasets
  dataset: ['dataset'],
  datasets: ['dataset'],
  corpus: ['dataset'],
  // stores
  database: ['store'],
  db: ['store'],
  rds: ['store', 'relational'],
  sql: ['store', 'relational'],
  postgres: ['store', 'relational'],
  postgresql: ['store', 'relational'],
  mysql: ['store', 'relational'],
  mariadb: ['store', 'relational'],
  mssql: ['store', 'relational'],
  oracle: ['store', 'relational'],
  mongo: ['store', 'document'],
  mongodb: ['store', 'document'],
  cosmosdb: ['store', 'document'],
  documentdb: ['store', 'document'],
  dynamodb: ['store', 'key_value'],
  redis: ['store', 'cache'],
  memcached: ['store', 'cache'],
  cache: ['store', 'cache'],
  bucket: ['store', 'object'],
  s3: ['store', 'object'],
  blob: ['store', 'object'],
  storage: ['store'],
  store: ['store'],
  datastore: ['store'],
  vault: ['store'],
  secrets: ['store'],
  warehouse: ['store'],
  datalake: ['store'],
  lake: ['store'],
  vector: ['store', 'vector'],
  pinecone: ['store', 'vector'],
  elasticsearch: ['store', 'document'],
  opensearch: ['store', 'document'],
  registry: ['store'],
  filesystem: ['store'],
  file: ['store'],
  files: ['store'],
  disk: ['store'],
  volume: ['store'],
  log: ['store', 'log'],
  logs: ['store', 'log'],
  // pipelines
  pipeline: ['pipeline'],
  etl: ['pipeline'],
  job: ['pipeline'],
  batch: ['pipeline'],
  workflow: ['pipeline'],
  cron: ['pipeline'],
  scheduler: ['pipeline'],
  airflow: ['pipeline'],
  // apis
  api: ['api'],
  apis: ['api'],
  endpoint: ['api'],
  rest: ['api'],
  graphql: ['api'],
  grpc: ['api'],
  webhook: ['api'],
  // services
  service: ['service'],
  microservice: ['service', 'backend'],
  server: ['service', 'backend'],
  backend: ['service', 'backend'],
  app: ['service'],
  application: ['service'],
  webapp: ['service', 'web_app'],
  website: ['service', 'web_app'],
  web: ['service', 'web_app'],
  frontend: ['service', 'web_app'],
  spa: ['service', 'web_app'],
  lambda: ['service'],
  function: ['service'],
  container: ['service'],
  pod: ['service'],
  kubernetes: ['service'],
  k8s: ['service'],
  vm: ['service'],
  ec2: ['service'],
  instance: ['service'],
  host: ['service'],
  gateway: ['service', 'gateway'],
  proxy: ['service', 'gateway'],
  balancer: ['service', 'gateway'],
  loadbalancer: ['service', 'gateway'],
  lb: ['service', 'gateway'],
  cdn: ['service', 'gateway'],
  waf: ['service', 'gateway'],
  firewall: ['service', 'gateway'],
  queue: ['service', 'queue'],
  kafka: ['service', 'queue'],
  sqs: ['service', 'queue'],
  sns: ['service', 'queue'],
  rabbitmq: ['service', 'queue'],
  broker: ['service', 'queue'],
  topic: ['service', 'queue'],
  email: ['service', 'email'],
  smtp: ['service', 'email'],
  mail: ['service', 'email'],
  dashboard: ['service', 'dashboard'],
  notebook: ['service', 'notebook'],
  jupyter: ['service', 'notebook'],
  orchestrator: ['service', 'orchestrator'],
};

/** Words as long as this may also be found inside a word (`webclient`, `postgresdb`); shorter ones only whole. */
const minimumInnerLength = 4;

export function guessKind(type: string): KindGuess {
  const own = kindOfComponentType(type);
  if (own) return { kind: own, how: 'aitm', properties: {} };
  const words = type
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  for (const word of [...words].reverse()) {
    const entry = lookup(word) ?? inner(word);
    if (entry) return guess(entry.entry, entry.word);
  }
  return { kind: 'service', how: 'default', properties: {} };
}

function lookup(word: string): { entry: Entry; word: string } | undefined {
  const entry = Object.hasOwn(typeKeywords, word) ? typeKeywords[word] : undefined;
  return entry ? { entry, word } : undefined;
}

/** The known word ending latest inside `word` (the longest of those that end together). */
function inner(word: string): { entry: Entry; word: string } | undefined {
  let best: { entry: Entry; word: string; end: number } | undefined;
  for (const [keyword, entry] of Object.entries(typeKeywords)) {
    if (keyword.length < minimumInnerLength) continue;
    const at = word.lastIndexOf(keyword);
    if (at < 0) continue;
    const end = at + keyword.length;
    if (!best || end > best.end || (end === best.end && keyword.length > best.word.length)) best = { entry, word: keyword, end };
  }
  return best;
}

function guess(entry: Entry, word: string): KindGuess {
  const [kind, type] = entry;
  return { kind, how: 'keyword', word, properties: type ? { type } : {} };
}
