// A retry loop with timers: fails twice, then succeeds.
let attempts = 0;
function tryConnect(): Promise<string> {
  attempts++;
  return attempts < 3 ? Promise.reject(new Error(`attempt ${attempts} failed`)) : Promise.resolve(`connected after ${attempts}`);
}
function withRetry(left: number): Promise<string> {
  return tryConnect().catch((e: Error) => {
    console.log(e.message);
    if (left <= 0) throw e;
    return new Promise<void>((res) => setTimeout(() => res(), 5)).then(() => withRetry(left - 1));
  });
}
withRetry(5).then((v) => console.log(v));
