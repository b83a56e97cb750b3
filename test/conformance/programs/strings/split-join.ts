// split by a string, by a regex, with a limit, and join back.
const csv = 'a,b,,c';
console.log(JSON.stringify(csv.split(',')), JSON.stringify(csv.split(',').slice(0, 2)));
console.log(JSON.stringify('one  two three'.split(/\s+/)));
console.log(JSON.stringify('abc'.split('')), JSON.stringify(''.split(',')));
console.log(['x', 'y', 'z'].join('/'), [1, 2].join());
