/**
 * The OWASP Top 10 for Agentic Applications (2026, v1.0) that threats cite in
 * `references.owaspAgentic`. Ids and names only; tests check them against shared/reference.
 */
export const owaspAgentic = [
  { id: 'ASI01', name: 'Agent Goal Hijack' },
  { id: 'ASI02', name: 'Tool Misuse and Exploitation' },
  { id: 'ASI03', name: 'Identity and Privilege Abuse' },
  { id: 'ASI04', name: 'Agentic Supply Chain Vulnerabilities' },
  { id: 'ASI05', name: 'Unexpected Code Execution (RCE)' },
  { id: 'ASI06', name: 'Memory and Context Poisoning' },
  { id: 'ASI07', name: 'Insecure Inter-Agent Communication' },
  { id: 'ASI08', name: 'Cascading Failures' },
  { id: 'ASI09', name: 'Human-Agent Trust Exploitation' },
  { id: 'ASI10', name: 'Rogue Agents' },
] as const;
