/**
 * What PutEvents refuses in a Detail that is otherwise valid JSON. The limits are the ones the PutEvents API
 * reference documents; put-events.ts answers them per entry with `MalformedDetail`.
 */

/**
 * "PutEvents will only process nested JSON up to 1000 levels deep" (PutEvents API reference), so deeper Detail is
 * refused here, per entry, like other malformed Detail. Passing it on would not be survivable: JSON.stringify,
 * the DynamoDB marshaller and zod all recurse, and Detail some 5,000 levels deep overflows the stack of whichever
 * function meets it first. The top-level object is level 1.
 */
export const maxDetailDepth = 1000;

/** The same reference: "for the JSON number (integer) data type", PutEvents accepts -2^63 to 2^63-1. */
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/**
 * Why PutEvents refuses a Detail that is valid JSON, or undefined: nesting past `maxDetailDepth`, or an integer
 * literal outside 64 bits. Other numbers are accepted whatever their size, as by JSON's grammar: `1e999` parses to
 * Infinity, which no schema of ours accepts, so such an event is parked by the function that reads it.
 * One pass over the text, with no recursion.
 */
export function detailLimitError(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '"') {
      i = stringEnd(text, i);
    } else if (char === '{' || char === '[') {
      depth++;
      if (depth > maxDetailDepth) {
        return `Detail is malformed: it is nested deeper than ${maxDetailDepth} levels, the most PutEvents processes.`;
      }
    } else if (char === '}' || char === ']') {
      depth--;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      const end = numberEnd(text, i);
      if (!integerInRange(text.slice(i, end))) {
        return 'Detail is malformed: it has an integer outside -2^63 to 2^63-1, the range PutEvents accepts.';
      }
      i = end - 1;
    }
  }
  return undefined;
}

/** Index of the quote closing the string that opens at `start` (the text is valid JSON). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

function numberEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && '+-0123456789.eE'.includes(text[i] ?? ' ')) i++;
  return i;
}

/** Literals with a fraction or an exponent are not integers; shorter than 19 digits always fits 64 bits. */
function integerInRange(literal: string): boolean {
  if (/[.eE]/.test(literal) || literal.replace('-', '').length < 19) return true;
  const value = BigInt(literal);
  return value >= int64.min && value <= int64.max;
}
