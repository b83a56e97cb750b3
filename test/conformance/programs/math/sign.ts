// Math.sign exists on Espruino 2v29.
console.log(Math.sign(-3), Math.sign(0), Math.sign(2.5), Math.sign(-0.1));
