/*
 * The rule for an annotation's text, as plain code without imports: the api's schema and the dashboard's form apply
 * the same one (the dashboard imports this module; zod never reaches the browser).
 */

export const MAX_TEXT_CHARACTERS = 200;

/**
 * Characters a note never holds: C0 and C1 controls (tab and line breaks among them), line and paragraph
 * separators, bidirectional embeddings, overrides and isolates (they reorder the text around them on screen) and
 * the byte order mark. A lone half of a surrogate pair is no character at all (`wellFormed`); it is not in this
 * class because the regular expressions of other languages (Rust's, which OpenAPI validators use) cannot name it.
 */
const FORBIDDEN = String.raw`\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff`;

/**
 * Spaces around the text (which are removed), at least one other character, nothing forbidden. With the `u` flag
 * a class matches whole characters, as JSON Schema counts them, so the OpenAPI pattern means the same to a client
 * in another language. JavaScript's `\s` and the one of Python and most other engines differ only in characters
 * forbidden here.
 */
export const TEXT_PATTERN = new RegExp(`^[^\\S${FORBIDDEN}]*[^\\s${FORBIDDEN}][^${FORBIDDEN}]*$`, 'u');

const LONE_SURROGATE = /\p{Cs}/u;

/** Whether the text is Unicode, without a lone half of a surrogate pair (which JSON can carry as `\ud800`). */
export function wellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Characters as people count them (code points), not UTF-16 units: an emoji is one. */
export function characters(text: string): number {
  return [...text].length;
}

/** The text as stored: without the spaces around it. */
export function storedText(text: string): string {
  return text.trim();
}
