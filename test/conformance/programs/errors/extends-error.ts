// refused: Error
// class X extends Error is broken on Espruino.
class MyError extends Error {}
try { throw new MyError('x'); } catch (e) { console.log(e instanceof MyError); }
