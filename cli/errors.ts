/** Bad usage or bad input: reported as one clear message and exit code 2, never a stack trace. */
export class UsageError extends Error {}
