/**
 * Splits a command line into argv without a shell: whitespace separates words, single quotes keep everything,
 * double quotes keep everything but `\"` and `\\`, a backslash outside quotes escapes the next character.
 * No variable expansion, globbing, pipes or redirections: `$`, `;`, `|`, `` ` `` are ordinary characters, so a
 * value spliced in from the env can never start a second command. Returns undefined for an unclosed quote.
 */
export function splitCommandLine(text: string): string[] | undefined {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else current += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && (text[index + 1] === '"' || text[index + 1] === '\\')) current += text[++index];
      else current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < text.length) {
      current += text[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(current);
  return words;
}
