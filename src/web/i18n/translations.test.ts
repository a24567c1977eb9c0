import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

const english = new Map(leaves(en));
const japanese = new Map(leaves(ja));

/** Language names are written in their own language in both files. */
const SAME_IN_BOTH = new Set(['languages.en', 'languages.ja']);

describe('the translations', () => {
  it('have the same keys in English and Japanese', () => {
    expect([...japanese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('give every English string a Japanese wording of its own', () => {
    const untranslated = [...english].filter(
      ([key, text]) => !SAME_IN_BOTH.has(key) && (japanese.get(key) === text || !japanese.get(key)),
    );
    expect(untranslated).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...english].filter(
      ([key, text]) => placeholders(text).join() !== placeholders(japanese.get(key) ?? '').join(),
    );
    expect(mismatched).toEqual([]);
  });
});
