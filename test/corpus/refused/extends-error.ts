// refused 2:24 class extends Error is broken
class NotFound extends Error {}
throw new NotFound('x');
