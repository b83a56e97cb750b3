// replace with strings and regexes (first match, global), replaceAll, and $-references.
const s = 'a-b-c';
console.log(s.replace('-', '+'), s.replace(/-/g, '+'), s.replaceAll('-', ''));
console.log('2024-01-15'.replace(/(\d+)-(\d+)-(\d+)/, '$3/$2/$1'));
console.log('hello world'.replace(/o/g, (m) => m.toUpperCase()));
