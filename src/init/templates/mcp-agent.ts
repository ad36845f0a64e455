/** Starter model of a tool-using agent over MCP servers (a vendor's remote server, a local one, a sandbox, a hand-off). */
export const mcpAgent = `// Threat model of an LLM agent that uses tools through MCP servers, written in the aitm language.
// It is a starting point: rename what you have, delete what you do not, and add the rest.
// Run \`aitm check\` on this file after each edit. The language and the threat catalog are
// documented in docs/language.md and docs/catalog.md of the aitm repository.
system "Coding Assistant" {
  owner: "your-team@example.com" // replace with your team
  description: "Agent that reads issues and repositories through MCP servers and proposes fixes."
  // Practices your team follows; some (incident_response, red_teaming) count on every element.
  practices: [threat_modeling, incident_response]
}

// Data assets. \`origin: untrusted\` marks content an outsider can write (an issue, a web page).
// \`kind: tool_description\` is what MCP servers tell the model about their tools: it goes into
// the model's context like a prompt does. \`unlocks\` says what a credential opens.
data request "Developer request" { classification: internal, kind: prompt }
data issue "Issue text" { classification: public, origin: untrusted, kind: documents }
data tool_specs "Tool descriptions" { classification: internal, kind: tool_description }
data patch "Proposed patch" { classification: internal, kind: code }
data gh_token "Token" { classification: restricted, kind: credentials, unlocks: [github_mcp] }

boundary internet "Internet" {
  trust: untrusted
  actor reporter "Issue reporter" { type: human }
}

boundary vendors "Vendors" {
  trust: external
  model llm "Hosted model" { type: llm, hosting: external_api, weights: third_party }
  // A remote MCP server run by someone else. Who publishes it, whether its tool descriptions
  // are pinned (a changed description is caught before the agent sees it) and how broad its
  // credentials are decide the supply-chain threats.
  toolserver github_mcp "GitHub MCP server" {
    protocol: mcp
    transport: http
    location: remote
    publisher: vendor // in_house, vendor, community or unknown
    scope: broad // narrow, broad or admin; add \`pinned: true\` once descriptions are pinned
    credentials: [gh_token]
  }
  // Tools name the server that provides them; what they do not say, they take from it.
  tool read_issue "Read issue" { effect: [read], server: github_mcp, fetches: [tickets] }
  // \`approval: human\`: a human-in-the-loop approval point; every call waits for a person.
  tool open_pr "Open PR" { effect: [write], server: github_mcp, approval: human }
}

boundary laptop "Developer laptop" {
  trust: internal
  actor developer "Developer" { type: human, authenticated: true }
  agent assistant "Coding assistant" {
    autonomy: supervised // assistive, supervised or autonomous
    uses: [llm]
    memory: [scratch]
    delegates_to: [tester] // a hand-off to another agent
    acts_as: user // whose identity its calls carry: user, own or shared
    controls: [prompt_isolation] // control ids are listed in docs/catalog.md
  }
  agent tester "Test agent" { uses: [llm], controls: [prompt_isolation, tool_allowlist] }
  // Short-term memory: kept for one session, for this user only.
  store scratch "Session scratchpad" { type: memory, retention: session }
  // A local MCP server started over stdio; a community package fetched when it starts.
  toolserver shell_mcp "Shell MCP server" {
    protocol: mcp
    transport: stdio
    publisher: community
    loaded: runtime
    sandbox: container // none, process, container or vm: how the code it runs is isolated
  }
  tool run_tests "Run tests" { effect: [execute], server: shell_mcp }
}

// Flows: \`a -> b\` points the way a request goes; the answer comes back along it.
flow reporter -> github_mcp "files issues" { carries: [issue], protocol: https }
// An agent talks to an MCP server over one connection: tool descriptions come back along it, and
// calls to the server's tools go out along it.
flow developer -> assistant "asks for a fix" { carries: [request, patch], protocol: in_process }
flow assistant -> github_mcp "MCP" { carries: [tool_specs, issue, patch], protocol: mcp }
flow tester -> shell_mcp "MCP" { carries: [tool_specs, patch], protocol: mcp }

// Dispositions record what you decided about a finding that \`aitm check\` reported:
//   mitigate <threat> on <target> { by: "how" }
//   accept   <threat> on <target> { reason: "why", owner: "who", expires: YYYY-MM-DD }
//   dismiss  <threat> on <target> { reason: "why it does not apply" }
mitigate supply-chain.tool-rug-pull on github_mcp {
  by: "Pin the server version and the digest of every tool description."
  status: planned // until it ships; then implemented
}
`;
