// Numbers inside JSON: integers, negative, small decimals and exponents written alike by both engines.
console.log(JSON.stringify({ a: 0, b: -5, c: 0.5, d: 1e6, e: 123456789 }));
const p = JSON.parse('{"x":1.5,"y":-2,"z":1e3}') as { x: number; y: number; z: number };
console.log(p.x + p.y + p.z);
