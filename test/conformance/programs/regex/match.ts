// String.match with and without /g.
const text = 'id=7 id=42 id=100';
const first = text.match(/id=(\d+)/);
console.log(first ? `${first[0]} ${first[1]}` : 'none');
const all = text.match(/\d+/g);
console.log(all ? all.join(',') : 'none', 'abc'.match(/x/) === null);
