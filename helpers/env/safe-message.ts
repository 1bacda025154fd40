/**
 * Text from any library (zod, dotenv, undici, Node) made safe to print: the values it may quote are replaced,
 * whatever quoted them. Applied where messages reach the terminal, not where they are made.
 */
/** A line longer than this is cut: no configuration message needs more, an echoed value may. */
const MAX_MESSAGE = 600;

export function safeMessage(text: string, values: Iterable<string | undefined> = []): string {
  let out = text;
  // Longest first, so that a value containing another is replaced whole.
  const needles = [...new Set([...values].flatMap((value) => (value ? [value, value.trim()] : [])))]
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join('<value>');
  // A library that echoes its input: "Received 'abc'", "received: \"abc\"", "got `abc`".
  out = out.replace(/\b(received|got)(:?\s*)(['"`])[\s\S]*?\3/gi, '$1$2<value>');
  out = out.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '?');
  return out
    .split('\n')
    .map((line) => (line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line))
    .join('\n');
}
