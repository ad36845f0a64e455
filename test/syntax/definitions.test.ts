import { describe, expect, it } from 'vitest';
import { createLexer } from '../../src/syntax/lexer.js';
import { AitmParser } from '../../src/syntax/parser.js';

/**
 * The lexer and parser every run uses skip chevrotain's checks of their definitions, to start
 * faster. The checks run here instead, so a bad token or an ambiguous rule still fails the build.
 */
describe('grammar definitions', () => {
  it('pass chevrotain lexer checks: valid patterns, every token reachable, first-character optimisation applies', () => {
    const lexer = createLexer(true);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.lexerDefinitionWarning).toEqual([]);
  });

  it('pass chevrotain grammar checks: no ambiguity, no left recursion, no duplicate or missing rules', () => {
    expect(() => new AitmParser(true)).not.toThrow();
    expect(new AitmParser(true).definitionErrors).toEqual([]);
  });
});
