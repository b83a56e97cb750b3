// refused: Promise.race
// Promise.race is missing on Espruino.
Promise.race([Promise.resolve(1)]).then((v) => console.log(v));
