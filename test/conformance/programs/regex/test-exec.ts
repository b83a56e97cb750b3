// test() and exec() with capturing groups, on matching and non-matching text.
const re = /(\d+)-(\d+)/;
console.log(re.test('a 12-34 b'), re.test('12_34'));
const m = re.exec('range 5-99 end');
console.log(m ? `${m[0]} ${m[1]} ${m[2]} ${m.index}` : 'no match');
console.log(re.exec('none') === null);
