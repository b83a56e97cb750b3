// refused 2:13 RegExp flag "s"
console.log(/a.b/s.test('a\nb'));
