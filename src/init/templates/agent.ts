/** Starter model of a tool-using agent (engineer, agent, hosted LLM, tools with effects and approvals, long-term memory). */
export const agent = `// Threat model of a tool-using LLM agent, written in the aitm language.
// It is a starting point: rename what you have, delete what you do not, and add the rest.
// Run \`aitm check\` on this file after each edit. The language and the threat catalog are
// documented in docs/language.md and docs/catalog.md of the aitm repository.

// The system under review. A model has exactly one.
system "Ops Agent" {
  owner: "your-team@example.com" // replace with your team
  description: "Investigates incidents with tools on an on-call engineer's behalf."
  // Practices your team already follows; reports count them as evidence for the matching
  // secure-AI guideline. Keep only those you really do.
  practices: [threat_modeling, red_teaming]
}

// Data assets: the kinds of information the system keeps or moves. \`origin: untrusted\`
// marks content an outsider can write, such as a fetched web page.
data task "Engineer's task" { classification: internal, kind: prompt }
data plan "Plan and tool calls" { classification: internal, kind: model_output }
data web_page "Fetched web page" { classification: public, origin: untrusted, kind: documents }
data logs "Command output and logs" { classification: confidential, kind: telemetry }
data notes "Agent memory notes" { classification: confidential, kind: general }
data api_token "Deployment API token" { classification: restricted, kind: credentials }

// Trust boundaries group elements that share a level of trust, from least to most
// trusted: untrusted, external, partner, internal, restricted.
boundary internet "Internet" {
  trust: untrusted // anyone can publish here
  service websites "Any website" { type: other, exposure: public }
}

boundary vendor "Model provider" {
  trust: external // a third party you do not control
  model llm "Chat model" { type: llm, hosting: external_api, weights: third_party }
}

boundary corp "Company network" {
  trust: internal
  owner: "your-team" // replace with the team that runs it
  actor engineer "On-call engineer" { type: human, authenticated: true }
  agent ops_agent "Ops agent" {
    autonomy: supervised // assistive, supervised or autonomous: how far it acts alone
    uses: [llm]
    memory: memory
    credentials: [api_token]
    controls: [tool_allowlist, audit_logging] // control ids are listed in docs/catalog.md
  }
  store memory "Long-term memory" { type: memory, holds: [notes], encrypted: true }
  // Tools: what a call does (\`effect\`) and who approves it first (\`approval\`).
  // Add a tool for each function or MCP server the agent can call.
  tool fetch "Web fetch" { effect: [read, network], approval: none, fetches: [web] }
  tool shell "Run command" {
    effect: [execute, write]
    approval: human
    scope: broad
    controls: [human_approval, sandboxing]
  }
}

// Flows: \`a -> b\` points the way a request goes, and the answer comes back along it;
// \`a <-> b\` goes both ways. \`carries\` names the data assets on the flow.
flow engineer -> ops_agent "gives a task" { carries: [task, plan], protocol: https }
flow think: ops_agent -> llm "prompts" { carries: [task, plan, notes, web_page, logs] }
flow ops_agent <-> memory { carries: [notes], protocol: in_process }
flow ops_agent -> fetch { carries: [web_page], protocol: in_process }
flow fetch -> websites { carries: [web_page], protocol: https }
flow run: ops_agent -> shell { carries: [plan, logs], protocol: in_process }

// Dispositions record what you decided about a finding that \`aitm check\` reported:
//   mitigate <threat> on <target> { by: "how" }
//   accept   <threat> on <target> { reason: "why", owner: "who", expires: YYYY-MM-DD }
//   dismiss  <threat> on <target> { reason: "why it does not apply" }
mitigate prompt-injection.tool-result on fetch {
  by: "Fetched pages reach the model as fenced data that cannot change the task or the tools."
  status: planned // until it ships; then implemented
}
`;
