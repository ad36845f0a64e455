import fs from 'node:fs';
import path from 'node:path';
import oniguruma from 'vscode-oniguruma';
import textmate, { type IGrammar } from 'vscode-textmate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DispositionKeyword, ElementKeyword, keywordTokens } from '../../src/syntax/tokens.js';

interface Token {
  text: string;
  scopes: string[];
}

const grammarFile = 'grammar/aitm.tmLanguage.json';
let grammar: IGrammar;

beforeAll(async () => {
  await oniguruma.loadWASM(fs.readFileSync('node_modules/vscode-oniguruma/release/onig.wasm'));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: oniguruma.createOnigScanner, createOnigString: oniguruma.createOnigString }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.aitm' ? textmate.parseRawGrammar(fs.readFileSync(grammarFile, 'utf8'), grammarFile) : null,
  });
  const loaded = await registry.loadGrammar('source.aitm');
  if (!loaded) throw new Error(`${grammarFile} did not load`);
  grammar = loaded;
});

/** Tokens per line, tokenized as an editor does: line by line, carrying the rule stack. */
function tokenizeLines(text: string): { line: string; tokens: textmate.IToken[] }[] {
  let ruleStack = textmate.INITIAL;
  return text.split(/\r\n|\r|\n/).map((line) => {
    const result = grammar.tokenizeLine(line, ruleStack);
    ruleStack = result.ruleStack;
    return { line, tokens: result.tokens };
  });
}

function tokenize(text: string): Token[] {
  return tokenizeLines(text).flatMap(({ line, tokens }) =>
    tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes })),
  );
}

function fixture(name: string): Token[] {
  return tokenize(fs.readFileSync(path.join('test/grammar/fixtures', name), 'utf8'));
}

/** The scopes of the `occurrence`th token whose text is exactly `text`. */
function scopesOf(tokens: Token[], text: string, occurrence = 0): string[] {
  const found = tokens.filter((token) => token.text === text)[occurrence];
  if (!found) throw new Error(`no token ${JSON.stringify(text)} (#${occurrence}) in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found.scopes;
}

function innermost(tokens: Token[], text: string, occurrence = 0): string {
  return scopesOf(tokens, text, occurrence).at(-1)!;
}

const isKeywordScope = (scope: string) => scope.startsWith('keyword.') || scope.startsWith('storage.');

function wordOf(token: (typeof keywordTokens)[number]): string {
  return (token.PATTERN as RegExp).source;
}

/** A statement that uses the keyword where it is a keyword, and the scope it must get there. */
function keywordExample(token: (typeof keywordTokens)[number]): { source: string; scope: string } {
  const word = wordOf(token);
  if (token.CATEGORIES?.includes(ElementKeyword)) return { source: `${word} x "X" {}`, scope: `storage.type.${word}.aitm` };
  if (token.CATEGORIES?.includes(DispositionKeyword)) return { source: `${word} t.x on a {}`, scope: 'keyword.other.disposition.aitm' };
  const examples: Record<string, { source: string; scope: string }> = {
    system: { source: 'system "S" {}', scope: 'storage.type.system.aitm' },
    import: { source: 'import "other.aitm"', scope: 'keyword.control.import.aitm' },
    data: { source: 'data d "D" {}', scope: 'storage.type.data.aitm' },
    boundary: { source: 'boundary b "B" {}', scope: 'storage.type.boundary.aitm' },
    flow: { source: 'flow a -> b', scope: 'storage.type.flow.aitm' },
    on: { source: 'mitigate t.x on a {}', scope: 'keyword.other.on.aitm' },
    true: { source: 'store s { encrypted: true }', scope: 'constant.language.boolean.aitm' },
    false: { source: 'store s { encrypted: false }', scope: 'constant.language.boolean.aitm' },
  };
  const example = examples[word];
  if (!example) throw new Error(`keyword "${word}" has no example here: add one and a rule in scripts/textmate.ts`);
  return example;
}

describe('TextMate grammar', () => {
  it.each(keywordTokens.map((token) => [wordOf(token), token] as const))('highlights the keyword %s where it is one', (word, token) => {
    const { source, scope } = keywordExample(token);
    expect(innermost(tokenize(source), word)).toBe(scope);
  });

  describe('declarations', () => {
    const tokens = () => fixture('declarations.aitm');

    it.each([
      ['question', 0, 'entity.name.type.data.aitm'],
      ['prod', 0, 'entity.name.type.boundary.aitm'],
      ['assistant', 0, 'entity.name.type.element.aitm'],
      ['inner', 0, 'entity.name.type.boundary.aitm'],
      // A keyword as an id: `store data` declares a store called `data`.
      ['data', 1, 'entity.name.type.element.aitm'],
      ['ask', 0, 'entity.name.type.flow.aitm'],
      ['prompt-injection.indirect', 0, 'entity.name.tag.threat.aitm'],
      ['excessive-agency.no-approval', 0, 'entity.name.tag.threat.aitm'],
      ['on', 2, 'keyword.other.on.aitm'],
      ['customer', 0, 'variable.other.reference.aitm'],
      ['trust', 0, 'variable.other.property.aitm'],
      ['uses', 0, 'variable.other.property.aitm'],
      ['internal', 1, 'variable.other.value.aitm'],
      ['->', 0, 'keyword.operator.arrow.aitm'],
      ['<->', 0, 'keyword.operator.arrow.aitm'],
      ['2027-06-30', 0, 'constant.numeric.date.aitm'],
    ] as const)('%s (#%i) is %s', (text, occurrence, scope) => {
      expect(innermost(tokens(), text, occurrence)).toBe(scope);
    });

    it('reads `model` in a list as a name, not a keyword, on the same line and on a continuation line', () => {
      for (const occurrence of [0, 1]) {
        const scopes = scopesOf(tokens(), 'model', occurrence);
        expect(scopes).toContain('meta.list.aitm');
        expect(scopes.at(-1)).toBe('variable.other.value.aitm');
        expect(scopes.some(isKeywordScope)).toBe(false);
      }
      expect(innermost(tokens(), 'model', 2)).toBe('storage.type.model.aitm');
    });

    it('reads a keyword outside statement position as a name: a flow end, a disposition target', () => {
      const tokens = tokenize('flow console -> model\nmitigate t.x on agent {}');
      expect(innermost(tokens, 'model')).toBe('variable.other.reference.aitm');
      expect(innermost(tokens, 'agent')).toBe('variable.other.reference.aitm');
    });

    it('scopes a named flow `flow ask: a -> b` part by part', () => {
      const flow = tokenize('flow ask: customer -> assistant').filter((token) => token.text.trim() !== '');
      expect(flow.map((token) => [token.text, token.scopes.at(-1)])).toEqual([
        ['flow', 'storage.type.flow.aitm'],
        ['ask', 'entity.name.type.flow.aitm'],
        [':', 'punctuation.separator.key-value.aitm'],
        ['customer', 'variable.other.reference.aitm'],
        ['->', 'keyword.operator.arrow.aitm'],
        ['assistant', 'variable.other.reference.aitm'],
      ]);
    });

    it('ends a boundary missing its block at the next statement', () => {
      expect(innermost(tokenize('boundary b "B"\ndata d {}'), 'd')).toBe('entity.name.type.data.aitm');
    });

    it('nests element blocks in boundary blocks', () => {
      expect(scopesOf(tokens(), 'type')).toEqual([
        'source.aitm',
        'meta.declaration.boundary.aitm',
        'meta.block.boundary.aitm',
        'meta.block.aitm',
        'variable.other.property.aitm',
      ]);
    });
  });

  describe('values', () => {
    const tokens = () => fixture('values.aitm');

    it.each(['\\"', '\\\\', '\\t', '\\0', '\\u00e9', '\\u{1F600}'])('%s is an escape', (escape) => {
      expect(scopesOf(tokens(), escape)).toEqual(['source.aitm', 'string.quoted.double.aitm', 'constant.character.escape.aitm']);
    });

    it.each(['\\q', '\\u'])('%s is an invalid escape', (escape) => {
      expect(innermost(tokens(), escape)).toBe('invalid.illegal.unknown-escape.aitm');
    });

    it.each([
      ['2027-01-01', 'constant.numeric.date.aitm'],
      ['-1.5', 'constant.numeric.aitm'],
      ['true', 'constant.language.boolean.aitm'],
      ['false', 'constant.language.boolean.aitm'],
      ['expires', 'variable.other.property.aitm'],
      [':', 'punctuation.separator.key-value.aitm'],
      [',', 'punctuation.separator.comma.aitm'],
      ['{', 'punctuation.section.block.begin.aitm'],
      ['}', 'punctuation.section.block.end.aitm'],
    ])('%s is %s', (text, scope) => {
      expect(innermost(tokens(), text)).toBe(scope);
    });

    it('marks a string left open at the end of its line, and only that line', () => {
      expect(scopesOf(tokens(), 'never closed')).toEqual([
        'source.aitm',
        'meta.block.aitm',
        'string.quoted.double.aitm',
        'invalid.illegal.unterminated-string.aitm',
      ]);
      expect(innermost(tokens(), 'owner')).toBe('variable.other.property.aitm');
      expect(innermost(tokens(), 'after the broken line')).toBe('string.quoted.double.aitm');
    });

    it('scopes brackets of a list', () => {
      const list = tokenize('agent a { uses: [m] }');
      expect(innermost(list, '[')).toBe('punctuation.definition.list.begin.aitm');
      expect(innermost(list, ']')).toBe('punctuation.definition.list.end.aitm');
    });
  });

  describe('comments', () => {
    const tokens = () => fixture('comments.aitm');

    it.each([
      [' A line comment mentioning store and "quotes"', 'comment.line.double-slash.aitm'],
      [' trailing', 'comment.line.double-slash.aitm'],
      [' inline ', 'comment.block.aitm'],
      [' A block comment', 'comment.block.aitm'],
      ['   spanning lines: store hidden { } ', 'comment.block.aitm'],
      ['//', 'punctuation.definition.comment.aitm'],
      ['/*', 'punctuation.definition.comment.aitm'],
      ['*/', 'punctuation.definition.comment.aitm'],
    ])('%j is in %s', (text, scope) => {
      expect(innermost(tokens(), text)).toBe(scope);
    });

    it('resumes after a block comment closes', () => {
      expect(innermost(tokens(), 'store', 1)).toBe('storage.type.store.aitm');
      expect(innermost(tokens(), 'after')).toBe('entity.name.type.element.aitm');
    });
  });

  const examples = fs.readdirSync('examples', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.aitm'));

  it('finds the examples, shared files included', () => {
    expect(examples).toEqual(expect.arrayContaining(['agent-with-tools.aitm', path.join('shared', 'providers.aitm')]));
  });

  it.each(examples)('understands every token of examples/%s', (file) => {
    for (const { line, tokens } of tokenizeLines(fs.readFileSync(path.join('examples', file), 'utf8'))) {
      expect(tokens[0]?.startIndex).toBe(0);
      tokens.slice(1).forEach((token, i) => expect(token.startIndex).toBe(tokens[i]!.endIndex));
      expect(tokens.at(-1)!.endIndex).toBeGreaterThanOrEqual(line.length);
      for (const token of tokens) {
        const text = line.slice(token.startIndex, token.endIndex);
        expect(token.scopes.filter((scope) => scope.startsWith('invalid.')), text).toEqual([]);
        // Text the grammar did not recognise keeps only a container's scope.
        if (text.trim() !== '') expect(token.scopes.at(-1), `${JSON.stringify(text)} in ${JSON.stringify(line)}`).not.toMatch(/^(source|meta)\./);
      }
    }
  });
});

describe('language configuration', () => {
  const config = JSON.parse(fs.readFileSync('grammar/language-configuration.json', 'utf8'));
  const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));

  it('declares the comment and bracket syntax', () => {
    expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(config.brackets).toEqual([['{', '}'], ['[', ']']]);
    expect(config.autoClosingPairs).toContainEqual({ open: '"', close: '"', notIn: ['string', 'comment'] });
    expect(config.surroundingPairs).toEqual(expect.arrayContaining([['{', '}'], ['[', ']'], ['"', '"']]));
  });

  it('treats an aitm id as one word, and splits where the lexer does', () => {
    expect(words('mitigate prompt-injection.indirect on api')).toEqual(['mitigate', 'prompt-injection.indirect', 'on', 'api']);
    expect(words('rate_limit: "30/min"')).toEqual(['rate_limit', '30', 'min']);
    expect(words('a->b, tier-1 expires: 2027-06-30')).toEqual(['a', 'b', 'tier-1', 'expires', '2027-06-30']);
  });

  it.each([
    ['boundary corp "Corp {" {', true],
    ['  practices: [threat_modeling, red_teaming,', true],
    ['store cache { // no label', true],
    ['data d { classification: internal }', false],
    ['store s "{"', false],
    ['// {', false],
  ])('indents after %j: %s', (line, indents) => {
    expect(new RegExp(config.indentationRules.increaseIndentPattern).test(line)).toBe(indents);
  });

  it('outdents and folds on closing brackets', () => {
    const outdent = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(['  }', ']', '} // end'].map((line) => outdent.test(line))).toEqual([true, true, true]);
    expect(outdent.test('  trust: internal')).toBe(false);
    const { start, end } = config.folding.markers;
    expect(new RegExp(start).test('boundary prod "Production" {')).toBe(true);
    expect(new RegExp(start).test('data d { a: b }')).toBe(false);
    expect(new RegExp(end).test('  }')).toBe(true);
  });
});
