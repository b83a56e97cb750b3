// The firmware's broker URL parsing, compiled by `espkit build` and run on the real Espruino interpreter (its
// regex engine rejected the pattern this parsing used to be), against what each URL must give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOnEspruino } from '../../../core/espruino/binary.ts';
import { parseBroker } from '../../../firmware/src/settings.ts';
import { realEspruino, needsRealEspruino } from '../../helpers/espruino.ts';
import { builtCode } from '../../../bench/support/firmware-harness.ts';
import { BROKER_URLS } from './broker-urls.ts';

function check(url: string, got: unknown, expected: (typeof BROKER_URLS)[number][1], where: string): void {
  if (expected instanceof RegExp) {
    assert.equal(typeof got, 'string', `${where}: ${JSON.stringify(url)} must be refused, got ${JSON.stringify(got)}`);
    assert.match(got as string, expected, `${where}: ${JSON.stringify(url)}`);
  } else assert.deepEqual(got, expected, `${where}: ${JSON.stringify(url)}`);
}

test('parseBroker in V8: every URL form', () => {
  for (const [url, expected] of BROKER_URLS) check(url, parseBroker(url), expected, 'V8');
});

test('parseBroker on the real interpreter: every URL form, with and without port, trailing slash, login, refusals', { skip: needsRealEspruino }, async () => {
  const code = await builtCode('test/firmware/real/parse-broker.entry.ts');
  const run = await runOnEspruino(realEspruino!, code, { timeoutMs: 20_000 });
  const parsed = run.output.split('\n').filter((l) => l.startsWith('parsed ')).map((l) => JSON.parse(l.slice('parsed '.length)) as unknown);
  assert.equal(parsed.length, BROKER_URLS.length, `one line per URL; the interpreter printed:\n${run.output}`);
  BROKER_URLS.forEach(([url, expected], i) => check(url, parsed[i], expected, 'Espruino'));
});
