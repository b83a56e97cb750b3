// catch without a binding, and nested try blocks.
let n = 0;
try { JSON.parse('nope'); } catch { n++; }
try {
  try { throw new Error('inner'); } finally { n += 10; }
} catch (e) { n += 100; console.log((e as Error).message); }
console.log(n);
