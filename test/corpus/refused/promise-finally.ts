// refused 2:20 Promise.prototype.finally is missing
Promise.resolve(1).finally(() => console.log('done'));
