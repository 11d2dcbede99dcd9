/**
 * Names a study gives that end up outside the study: the study name becomes part of the run folder's name
 * and of every metric point's `run_id` tag; region and group names and program ids become tag values and
 * object keys. Each must be safe there, so the checks below refuse what would escape a folder, break a line
 * of line protocol, or reach JavaScript's object machinery.
 */

/** Keys that reach an object's prototype or constructor when used as property names. */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const RESERVED_LIST = '__proto__, constructor or prototype';

export const isReservedKey = (k: string): boolean => (RESERVED_KEYS as readonly string[]).includes(k);

/** One folder name holds at most 255 bytes; the run id adds `-<seed>-<YYYYMMDDTHHMMSS>` (up to 34). */
export const NAME_MAX_CHARS = 100;
export const NAME_MAX_BYTES = 200;

// C0 and C1 control characters, DEL, and the line/paragraph separators some tools treat as line breaks.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `name` cannot be a label (a tag value and an object key), or undefined when it can. */
export function labelProblem(name: string): string | undefined {
  if (CONTROL.test(name)) return 'a name without control characters (newline, tab, NUL, …)';
  if (isReservedKey(name)) return `a name other than ${RESERVED_LIST}`;
  if (name.length > NAME_MAX_CHARS || Buffer.byteLength(name, 'utf8') > NAME_MAX_BYTES) return `a name of at most ${NAME_MAX_CHARS} characters (${NAME_MAX_BYTES} bytes of UTF-8)`;
  return undefined;
}

/** Why `name` cannot become (part of) a file or folder name, or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (/[/\\]/.test(name)) return 'a name without path separators (/ or \\): it names the run folder';
  if (name.includes('..')) return 'a name without ".." (it names the run folder)';
  if (name.trim() !== name) return 'a name without leading or trailing spaces (it names the run folder)';
  return labelProblem(name);
}
