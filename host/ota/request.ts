// The body of POST /api/ota, written by `espkit ota` and read by the hub: the image travels as base64
// beside its version, and the shares as the person typed them ("5%" or "3").
import { UsageError } from '../../core/errors.ts';
import { ALL, checkDeviceId } from '../../core/wire/push.ts';
import { makeImage, type OtaImage } from './image.ts';
import type { RolloutRequest } from './service.ts';
import { describeShare, parseShare, type Share } from './share.ts';

export interface RolloutBody {
  version: string;
  /** The image, base64. */
  image: string;
  target: string;
  canary?: string;
  maxFailures?: string;
  chunk?: number;
  trial?: number;
}

export function rolloutBody(image: OtaImage, o: { target: string; canary?: Share; maxFailures?: Share; chunk?: number; trialMs?: number }): RolloutBody {
  const body: RolloutBody = { version: image.version, image: image.bytes.toString('base64'), target: o.target };
  if (o.canary) body.canary = describeShare(o.canary);
  if (o.maxFailures) body.maxFailures = describeShare(o.maxFailures);
  if (o.chunk !== undefined) body.chunk = o.chunk;
  if (o.trialMs !== undefined) body.trial = o.trialMs;
  return body;
}

function whole(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new UsageError(`"${name}" must be a whole number above 0`);
  return v;
}

/** Read a rollout request; anything wrong is a UsageError naming the field. */
export function parseRolloutBody(body: Record<string, unknown>): RolloutRequest {
  if (typeof body.version !== 'string') throw new UsageError('give the firmware\'s "version"');
  if (typeof body.image !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(body.image)) throw new UsageError('give the firmware as "image" in base64');
  const target = body.target === undefined ? ALL : body.target;
  if (typeof target !== 'string') throw new UsageError('"target" must be a device id or "all"');
  if (target !== ALL) checkDeviceId(target);
  const share = (v: unknown, name: string): Share | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw new UsageError(`"${name}" must be like "5%" or 3`);
    return parseShare(String(v), name);
  };
  return {
    image: makeImage(Buffer.from(body.image, 'base64'), body.version),
    target,
    canary: share(body.canary, 'canary'),
    maxFailures: share(body.maxFailures, 'maxFailures'),
    chunk: whole(body.chunk, 'chunk'),
    trialMs: whole(body.trial, 'trial'),
  };
}
