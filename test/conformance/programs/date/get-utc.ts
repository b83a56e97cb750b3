// refused: getUTCHours
// The getUTC* methods are missing on Espruino.
console.log(new Date(0).getUTCHours());
