// refused 5:15 instanceof Error is false
try {
  JSON.parse('{');
} catch (e) {
  console.log(e instanceof Error);
}
