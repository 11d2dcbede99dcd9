/**
 * Waits until `cond()` holds, polling every `everyMs`; throws naming `what` if it still does not hold after
 * `limitMs`. For tests that wait on an outcome rather than sleeping a guessed time: the limit is a generous
 * safety net on a loaded machine, never an assertion about speed.
 */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, limitMs = 120_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${limitMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
