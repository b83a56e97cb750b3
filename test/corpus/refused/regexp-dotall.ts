// refused 2:14 the s flag is not supported
console.log(/a.b/s.test('a\nb'));
