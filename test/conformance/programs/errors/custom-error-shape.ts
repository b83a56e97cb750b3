// An error object with extra fields (instead of subclassing Error), thrown and inspected.
interface AppError { code: string; message: string; retry: boolean }
function fail(code: string, retry: boolean): never {
  const e: AppError = { code, message: `failed with ${code}`, retry };
  throw e;
}
for (const [code, retry] of [['E1', true], ['E2', false]] as Array<[string, boolean]>) {
  try { fail(code, retry); } catch (e) { const a = e as AppError; console.log(a.code, a.message, a.retry); }
}
