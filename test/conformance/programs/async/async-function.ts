// refused: async
// async functions are not supported on Espruino.
async function f(): Promise<number> { return 1; }
f().then((v) => console.log(v));
