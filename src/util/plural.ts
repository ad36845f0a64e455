/** "1 flow", "3 flows"; the third argument for nouns that do not just take an s ("boundary", "boundaries"). */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? noun : many}`;
}
