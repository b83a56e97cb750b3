// new RegExp with a constant pattern and flags, and its source.
const re = new RegExp('[a-z]+', 'g');
console.log('ab1cd2'.match(re)?.join('|'), re.source);
const word = new RegExp('^W', 'i');
console.log(word.test('wifi'), word.test('awifi'));
