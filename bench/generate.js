/**
 * Synthetic but realistic models for the benchmark: every element kind, nested boundaries, flows
 * carrying data, dispositions; optionally references to undeclared ids. Deterministic for a given
 * size and seed (a linear congruential generator): another seed gives another model of the size.
 */
export function generateModel(elements, { dense = false, unknownReferences = 0, seed: start = 42 } = {}) {
  let seed = start;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const lines = ['system "Synthetic" { owner: "bench", version: "1", practices: [threat_modeling, red_teaming] }'];
  const dataCount = Math.max(4, Math.floor(elements / 20));
  const classes = ['public', 'internal', 'confidential', 'restricted'];
  for (let d = 0; d < dataCount; d++) {
    lines.push(`data d${d} "Data ${d}" { classification: ${classes[d % 4]}, origin: ${d % 3 === 0 ? 'untrusted' : 'trusted'}${d % 5 === 0 ? ', pii: true' : ''} }`);
  }
  const kinds = [
    ['actor', () => '{ type: human }'],
    ['service', () => `{ type: backend, interprets: [${random(4) === 0 ? 'markdown' : 'sql'}] }`],
    ['api', () => '{ exposure: public, auth: oauth2, rate_limit: "30/min" }'],
    ['model', () => `{ type: ${random(2) ? 'llm' : 'classifier'}, hosting: self_hosted, returns: [scores] }`],
    ['agent', () => '{ autonomy: supervised, controls: [audit_logging] }'],
    ['tool', () => `{ effect: [${random(2) ? 'write' : 'network'}], approval: ${random(2) ? 'none' : 'human'} }`],
    ['dataset', () => `{ purpose: [training], source: [${random(2) ? 'public_web' : 'internal'}] }`],
    ['store', () => `{ type: vector, holds: [d${random(dataCount)}] }`],
    ['pipeline', () => '{ stage: [training] }'],
  ];
  const ids = [];
  const perBoundary = 50;
  const trust = ['untrusted', 'internal', 'external', 'restricted', 'partner'];
  for (let b = 0, made = 0; made < elements; b++) {
    lines.push(`boundary z${b} "Zone ${b}" { trust: ${trust[b % 5]}`);
    lines.push(`  boundary z${b}n "Zone ${b} inner" {`);
    for (let i = 0; i < perBoundary && made < elements; i++, made++) {
      const [kind, props] = kinds[made % kinds.length];
      const id = `${kind}${made}`;
      ids.push({ id, kind });
      lines.push(`    ${kind} ${id} "${kind} ${made}" ${props()}`);
    }
    lines.push('  }', '}');
  }
  const flows = dense ? 0 : Math.floor(elements * 1.5);
  for (let f = 0; f < flows; f++) {
    const a = ids[random(ids.length)].id;
    let b = ids[random(ids.length)].id;
    if (a === b) b = ids[(ids.indexOf(ids.find((x) => x.id === a)) + 1) % ids.length].id;
    lines.push(`flow f${f}: ${a} -> ${b} { carries: [d${random(dataCount)}] }`);
  }
  if (dense) {
    // Every agent talks to every tool and store: path enumeration would explode here.
    const agents = ids.filter((x) => x.kind === 'agent');
    const targets = ids.filter((x) => x.kind === 'tool' || x.kind === 'store');
    let f = 0;
    for (const a of agents) for (const t of targets) lines.push(`flow f${f++}: ${a.id} -> ${t.id}`);
    const actors = ids.filter((x) => x.kind === 'actor');
    for (const [i, a] of agents.entries()) lines.push(`flow f${f++}: ${actors[i % actors.length].id} -> ${a.id}`);
  }
  for (let i = 0; i < Math.floor(elements / 100); i++) {
    lines.push(`dismiss prompt-injection.direct on ${ids[(i * 97) % ids.length].id} { reason: "synthetic" }`);
  }
  // Flows to ids that were never declared, as after a rename: each is reported with a suggestion.
  for (let i = 0; i < unknownReferences; i++) lines.push(`flow renamed${i}: ${ids[(i * 31) % ids.length].id}_old -> ${ids[(i * 53) % ids.length].id}`);
  // One flat string, as a file read from disk is: appending the last newline after joining would
  // make a rope, and whichever stage read it first would pay for flattening 8 MB.
  lines.push('');
  return lines.join('\n');
}
