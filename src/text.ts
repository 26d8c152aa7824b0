/**
 * Text PostgreSQL can store. It refuses U+0000 in text and in jsonb (`invalid byte sequence for
 * encoding "UTF8": 0x00`, `unsupported Unicode escape sequence`), and jsonb refuses the escape of a
 * lone UTF-16 surrogate (`\ud800`: `invalid input syntax for type json`), while a text column
 * would get U+FFFD from the driver without a word. Either way a request fails or a value changes
 * behind our back, so such text never reaches a query: what a person or a service sends is refused
 * at the HTTP boundary (src/http/input-text.ts), and what Meta sends is cleaned (`cleanText`,
 * `cleanJson`): NUL removed, a lone surrogate replaced by U+FFFD, the rest kept.
 */

export type TextProblem = 'NUL' | 'lone surrogate';

// Node 20 has String.prototype.isWellFormed (ES2024); the compiler's lib is ES2023.
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

/** What PostgreSQL would refuse in `value`, or undefined when it stores it as it is. */
export function textProblem(value: string): TextProblem | undefined {
  if (value.includes('\u0000')) return 'NUL';
  if (!(value as Es2024String).isWellFormed()) return 'lone surrogate';
  return undefined;
}

/** `value` without NUL, each lone surrogate replaced by U+FFFD; the same string when clean. */
export function cleanText(value: string): string {
  const withoutNul = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  return (withoutNul as Es2024String).toWellFormed();
}

/**
 * JSON text that may decode to a NUL or a lone surrogate: only `\u0000` and `\ud800`–`\udfff`
 * escapes can (JSON forbids a raw NUL inside a string, and text decoded from UTF-8 holds no lone
 * surrogate). A surrogate pair (an emoji Meta escaped) matches too; the walk then finds nothing.
 */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
export const mayHoldUnstorableText = (jsonText: string): boolean => jsonText.includes('\\u') && SUSPECT_ESCAPE.test(jsonText);

/**
 * Cleans every string and key of a parsed JSON value in place (its containers are fresh from
 * JSON.parse) and returns it; a string at the top is returned cleaned. Iterative: a deeply
 * nested answer cannot overflow the stack.
 */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'string') node[i] = cleanText(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const cleaned = typeof item === 'string' ? cleanText(item) : item;
      if (cleaned !== null && typeof cleaned === 'object') stack.push(cleaned);
      const cleanKey = textProblem(key) ? cleanText(key) : key;
      if (cleanKey !== key) delete record[key];
      // A data property, as JSON.parse makes them: never the `__proto__` setter.
      if (cleanKey !== key || cleaned !== item) Object.defineProperty(record, cleanKey, { value: cleaned, writable: true, enumerable: true, configurable: true });
    }
  }
  return value;
}
