// refused 2:7 reserved word on Espruino
const of = 1;
console.log(of);
