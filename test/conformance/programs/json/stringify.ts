// JSON.stringify of nested objects, arrays, strings with escapes, and properties JSON drops.
console.log(JSON.stringify({ a: 1, b: [true, null, 'x'], c: { d: 'q"uote' } }));
console.log(JSON.stringify('line\nbreak\ttab\\'), JSON.stringify([undefined, null]));
console.log(JSON.stringify({ u: undefined, f: () => 1, n: null }), JSON.stringify(null));
