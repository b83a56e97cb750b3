// for..in over a plain object's own keys (no inherited keys on a literal).
const o = { x: 1, y: 2, z: 3 };
const seen: string[] = [];
for (const k in o) seen.push(`${k}=${o[k as keyof typeof o]}`);
console.log(seen.join('&'));
