// The in operator, hasOwnProperty, delete, and undefined versus missing properties.
const o: Record<string, number | undefined> = { a: 1, b: undefined };
console.log('a' in o, 'b' in o, 'c' in o, o.hasOwnProperty('b'), o.hasOwnProperty('toString'));
delete o.a;
console.log('a' in o, Object.keys(o).join(','), o.a === undefined);
