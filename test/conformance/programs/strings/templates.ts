// Template literals: expressions, nesting, multi-line text and values of every type.
const n = 3;
const items = ['a', 'b'];
console.log(`${n} + ${n} = ${n + n}`);
console.log(`items: ${items.length > 1 ? `${items.length} items` : 'one item'}`);
console.log(`${true} ${null} ${undefined} ${[1, 2]} ${{}.constructor === Object}`);
const multi = `line one
line two`;
console.log(multi.split('\n').length, multi.split('\n')[1]);
