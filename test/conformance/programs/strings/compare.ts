// Comparing and sorting strings with < and >, and case-insensitive sorting.
const names = ['bob', 'Alice', 'carol', 'alice', 'Bob'];
console.log([...names].sort().join(' '));
const key = (s: string): string => s.toLowerCase() + s;
console.log([...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).join(' '));
console.log('a' < 'b', 'B' < 'a', '10' < '9', 'abc' === 'ab' + 'c');
