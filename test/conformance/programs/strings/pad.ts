// padStart and padEnd for fixed-width columns and zero padding.
const rows: Array<[string, number]> = [['rx', 5], ['tx', 1234], ['errors', 0]];
for (const [name, n] of rows) console.log(`${name.padEnd(8, '.')}${String(n).padStart(6)}`);
console.log((7).toString().padStart(3, '0'), 'abc'.padStart(2), 'ab'.padEnd(5, 'xyz'));
