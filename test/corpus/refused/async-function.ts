// refused 2:1 async functions are not supported
async function f(): Promise<number> { return 1; }
f().then((n) => console.log(n));
