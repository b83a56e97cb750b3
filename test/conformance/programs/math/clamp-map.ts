// Clamping and linear mapping of sensor values, the way firmware scales ADC readings.
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const map = (v: number, a: number, b: number, c: number, d: number): number => c + ((v - a) * (d - c)) / (b - a);
console.log([-5, 0, 50, 100, 200].map((v) => clamp(v, 0, 100)).join(' '));
console.log([0, 1024, 2048, 4095].map((v) => Math.round(map(v, 0, 4095, 0, 330))).join(' '));
