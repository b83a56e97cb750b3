// Decimal literals compare and add exactly as in V8: 0.1 + 0.2 is not 0.3, 0.3 - 0.1 is not 0.2.
console.log(0.1 + 0.2 === 0.3, 0.3 - 0.1 === 0.2, 0.1 * 3 === 0.3, 1.1 + 2.2 === 3.3);
console.log(0.5 + 0.25 === 0.75, 0.1 + 0.7 === 0.8, 4.35 * 100 === 435);
