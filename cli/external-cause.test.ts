import { describe, expect, it } from 'vitest';
import { externalCause } from './external-cause.ts';

describe('externalCause: causes outside the program are one line, not a stack', () => {
  const sysErr = (code: string, syscall: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code}: x, ${syscall}`), { code, syscall, ...extra });
  it.each([
    [sysErr('ENOSPC', 'write', { path: '/r/metrics.lp' }), 'cannot write /r/metrics.lp: no space left on the device'],
    [sysErr('EACCES', 'open', { path: '/r/summary.json' }), 'cannot open /r/summary.json: permission denied'],
    [sysErr('EROFS', 'mkdir', { path: '/r' }), 'cannot mkdir /r: read-only file system'],
    [sysErr('ECONNREFUSED', 'connect', { address: '127.0.0.1', port: 9 }), 'cannot reach 127.0.0.1:9: ECONNREFUSED (connect)'],
  ])('%s', (err, line) => {
    expect(externalCause(err)).toBe(line);
  });
  it('a bug is not external (its stack is kept)', () => {
    expect(externalCause(new TypeError('x is undefined'))).toBeUndefined();
    expect(externalCause(Object.assign(new Error('bad'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeUndefined();
  });
});
