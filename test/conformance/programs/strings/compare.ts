// Comparing and sorting strings with < and >, and case-insensitive sorting.
const names = ['bob', 'Alice', 'carol', 'alice', 'Bob'];
console.log([...names].sort().join(' '));
console.log([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)).join(' '));
console.log('a' < 'b', 'B' < 'a', '10' < '9', 'abc' === 'ab' + 'c');
