// refused 2:1 Promise.race is missing
Promise.race([Promise.resolve(1)]).then((v) => console.log(v));
