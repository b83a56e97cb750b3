// Destructuring a function's returned object and tuple, and inside catch.
function stats(xs: number[]): { min: number; max: number; avg: number } {
  return { min: Math.min(...xs), max: Math.max(...xs), avg: xs.reduce((a, b) => a + b, 0) / xs.length };
}
const { min, max, avg } = stats([4, 8, 6]);
console.log(min, max, avg);
function split(s: string): [string, string] { const i = s.indexOf('='); return [s.slice(0, i), s.slice(i + 1)]; }
const [k, v] = split('key=value=more');
console.log(k, v);
try { throw { code: 7, why: 'bad' }; } catch (e) { const { code, why } = e as { code: number; why: string }; console.log(code, why); }
