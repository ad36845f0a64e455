import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/compile.js';
import {
  boundaryProperties,
  commonElementProperties,
  dataProperties,
  dispositionKinds,
  elementKinds,
  elementProperties,
  flowProperties,
  practices,
} from '../src/semantics/vocabulary.js';

const language = fs.readFileSync('docs/language.md', 'utf8');

describe('docs/language.md', () => {
  it('documents every element kind, property and practice of the vocabulary', () => {
    for (const kind of elementKinds) {
      expect(language, kind).toContain(`### \`${kind}\``);
      for (const property of Object.keys(elementProperties[kind])) expect(language, `${kind}.${property}`).toContain(`\`${property}\``);
    }
    for (const table of [commonElementProperties, dataProperties, boundaryProperties, flowProperties]) {
      for (const property of Object.keys(table)) expect(language, property).toContain(`\`${property}\``);
    }
    for (const practice of Object.keys(practices)) expect(language, practice).toContain(practice);
    for (const kind of dispositionKinds) expect(language, kind).toContain(`\`${kind}\``);
  });

  it('has examples that parse (every ```aitm block is free of syntax errors)', () => {
    const blocks = [...language.matchAll(/```aitm\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(10);
    for (const block of blocks) {
      const syntax = parse(block).diagnostics.filter((d) => d.code.startsWith('AITM1'));
      expect(syntax.map((d) => `${d.code} ${d.message}\n${block}`)).toEqual([]);
    }
  });
});
