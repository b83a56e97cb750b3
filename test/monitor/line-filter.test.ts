import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineFilter } from '../../host/monitor/line-filter.ts';
import { UsageError } from '../../core/errors.ts';

test('a line is shown when any pattern matches; no pattern shows everything', () => {
  const f = LineFilter.parse(['^E ', 'Uncaught']);
  assert.ok(f.active);
  assert.ok(f.matches('E (12) wifi: fail'));
  assert.ok(f.matches('Uncaught Error: x'));
  assert.ok(!f.matches('I (12) wifi: ok'));
  assert.ok(LineFilter.parse([]).matches('anything'));
  assert.ok(!LineFilter.parse([]).active);
});

test('/pattern/flags form takes flags', () => {
  const f = LineFilter.parse(['/uncaught/i']);
  assert.ok(f.matches('Uncaught Error'));
});

test('a bad pattern is a one-line usage error naming it', () => {
  assert.throws(() => LineFilter.parse(['a(b']), (err: unknown) => {
    assert.ok(err instanceof UsageError);
    assert.equal(err.code, 2);
    assert.match(err.message, /^--filter a\(b is not a valid regular expression: /);
    assert.ok(!err.message.includes('\n'));
    return true;
  });
  assert.throws(() => LineFilter.parse(['']), /--filter needs a pattern/);
  assert.throws(() => LineFilter.parse(['/x/g']), /the g and y flags/);
});
