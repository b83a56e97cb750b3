// refused 2:1 Promise.allSettled is missing
Promise.allSettled([Promise.resolve(1)]).then((v) => console.log(v.length));
