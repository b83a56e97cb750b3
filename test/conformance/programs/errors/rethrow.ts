// Catching, wrapping and rethrowing; the outer handler sees the wrapped message.
function parse(s: string): number {
  const n = parseInt(s, 10);
  if (isNaN(n)) throw new Error(`not a number: ${s}`);
  return n;
}
function load(s: string): number {
  try { return parse(s); } catch (e) { throw new Error(`load failed (${(e as Error).message})`); }
}
try { load('x'); } catch (e) { console.log((e as Error).message); }
console.log(load('12'));
