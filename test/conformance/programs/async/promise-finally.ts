// refused: finally
// Promise.prototype.finally is missing on Espruino.
Promise.resolve(1).finally(() => console.log('done'));
