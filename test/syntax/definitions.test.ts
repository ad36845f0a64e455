import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLexer } from '../../src/syntax/lexer.js';
import { AitmParser } from '../../src/syntax/parser.js';

/**
 * The lexer and parser every run uses skip chevrotain's checks of their definitions, to start
 * faster. The checks run here instead, so a bad token or an ambiguous rule still fails the build.
 */
describe('grammar definitions', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('pass chevrotain lexer checks: valid patterns, every token reachable, first-character optimisation applies', () => {
    // chevrotain reports lexer warnings (e.g. a token that can never match) on the console.
    const warn = vi.spyOn(console, 'warn');
    expect(createLexer(true).lexerDefinitionErrors).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('pass chevrotain grammar checks: no ambiguity, no left recursion, no duplicate or missing rules', () => {
    expect(() => new AitmParser(true)).not.toThrow();
  });
});
