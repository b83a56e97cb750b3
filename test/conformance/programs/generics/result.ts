// A generic discriminated union (Result) and narrowing by its tag.
type Result<T> = { ok: true; value: T } | { ok: false; error: string };
function parsePort(s: string): Result<number> {
  const n = parseInt(s, 10);
  return isNaN(n) || n <= 0 || n > 65535 ? { ok: false, error: `bad port ${s}` } : { ok: true, value: n };
}
for (const s of ['1883', 'abc', '70000']) {
  const r = parsePort(s);
  console.log(r.ok ? `port ${r.value}` : r.error);
}
