// A staged rollout: the retained manifest goes to a canary group first; once the canaries confirm (state
// "updated") it goes to the rest; it stops, clearing the manifest, as soon as failures (failed and
// rolled-back) pass the limit. Devices pull the chunks themselves (chunk-server.ts); this only publishes
// manifests and watches the devices' ota/state. A device offline at the time takes the retained manifest
// when it returns, for as long as it stays retained.
import { EventEmitter } from 'node:events';
import {
  OTA_DEFAULT_CHUNK, OTA_DEFAULT_TRIAL_MS, isFinalState, manifestProblem, otaManifestTopic, type OtaManifest, type OtaState,
} from '../../core/wire/ota.ts';
import { shardOf } from '../../core/wire/push.ts';
import { EspkitError, UsageError } from '../../core/errors.ts';
import type { OtaBus } from './bus.ts';
import type { ChunkServer } from './chunk-server.ts';
import type { OtaImage } from './image.ts';
import type { OtaStates } from './states.ts';
import { describeShare, shareOf, type Share } from './share.ts';

export interface RosterDevice {
  id: string;
  online: boolean;
  /** What the device said in its status; `fw` is the version it runs. */
  info: Record<string, unknown>;
}

/** The devices the broker knows of (the hub's fleet view). */
export interface Roster {
  devices(): RosterDevice[];
}

export interface RolloutOptions {
  bus: OtaBus;
  prefix: string;
  roster: Roster;
  states: OtaStates;
  chunks: ChunkServer;
  image: OtaImage;
  /** A device id, or "all". */
  target: string;
  /** The first group, for "all" (default 5%); 0 goes to everyone at once. */
  canary?: Share;
  /** Failures allowed before the rollout stops (default 2%): it stops when there are more. */
  maxFailures?: Share;
  chunk?: number;
  trialMs?: number;
  /** The broadcast shard count devices use (for a canary group too big to list by id); 0: list ids only. */
  shards?: number;
  /** How long one stage waits for its devices (default: the trial time plus 10 minutes). */
  stageTimeoutMs?: number;
  /** How often the counts are looked at and reported (default 250 ms). */
  tickMs?: number;
}

export type DevicePhase = 'waiting' | OtaState;

export interface RolloutDevice {
  id: string;
  phase: DevicePhase;
  online: boolean;
  canary: boolean;
  have?: number;
  reason?: string;
}

export interface RolloutCounts {
  total: number;
  updated: number;
  /** Downloading, verifying, or on trial. */
  inProgress: number;
  /** Online, not yet started (or not yet offered it: the canary goes first). */
  waiting: number;
  failed: number;
  rolledBack: number;
  /** Not started and offline: it takes the manifest when it returns. */
  offline: number;
}

export type RolloutStage = 'canary' | 'rest' | 'done' | 'stopped' | 'timed-out';

export interface RolloutView {
  version: string;
  size: number;
  crc: number;
  chunk: number;
  target: string;
  canary: string[];
  stage: RolloutStage;
  /** Failures that stop it: more than this many. */
  failureLimit: number;
  startedAt: number;
  endedAt: number | null;
  /** Why it stopped, or what became of it. */
  outcome: string | null;
  counts: RolloutCounts;
  devices: RolloutDevice[];
}

interface RolloutEvents {
  progress: [RolloutView];
}

/** Canary groups up to this many devices are listed by id; bigger ones go by broadcast shard. */
const MAX_LISTED = 32;

export class Rollout extends EventEmitter<RolloutEvents> {
  private readonly o: RolloutOptions;
  private readonly chunk: number;
  private readonly trialMs: number;
  private readonly startedAt = Date.now();
  private readonly targets = new Set<string>();
  private canaryIds: string[] = [];
  private stage: RolloutStage = 'canary';
  private endedAt: number | null = null;
  private outcome: string | null = null;
  private failureLimit = 0;
  private cancelled = false;
  private halted = false;
  private wake?: () => void;

  constructor(options: RolloutOptions) {
    super();
    this.o = options;
    this.chunk = options.chunk ?? OTA_DEFAULT_CHUNK;
    this.trialMs = options.trialMs ?? OTA_DEFAULT_TRIAL_MS;
    const problem = manifestProblem(this.manifest('all'));
    if (problem) throw new UsageError(problem);
  }

  private manifest(targets: OtaManifest['targets'], shards?: number[]): OtaManifest {
    const { image } = this.o;
    const m: OtaManifest = { version: image.version, size: image.bytes.length, crc: image.crc, chunk: this.chunk, trial: this.trialMs, targets };
    if (shards) m.shards = shards;
    return m;
  }

  private async announce(m: OtaManifest): Promise<void> {
    await this.o.bus.publish(otaManifestTopic(this.o.prefix), Buffer.from(JSON.stringify(m)), true);
  }

  /** Run the rollout to its end; resolves with the final view (stage done, stopped or timed-out). */
  async run(): Promise<RolloutView> {
    const { roster, target, image } = this.o;
    const known = roster.devices();
    this.known = new Map(known.map((d) => [d.id, d]));
    if (target === 'all') for (const d of known) this.targets.add(d.id);
    else {
      checkTarget(roster, target);
      this.targets.add(target);
    }
    const total = this.targets.size;
    this.failureLimit = shareOf(this.o.maxFailures ?? { percent: 2 }, total);
    this.o.chunks.offer(image, this.chunk);
    const onState = (): void => this.wake?.();
    this.o.states.on('state', onState);
    try {
      const todo = [...this.targets].filter((id) => this.phase(id) !== 'updated');
      const wanted = target === 'all' ? Math.ceil(shareOf(this.o.canary ?? { percent: 5 }, total)) : 0;
      if (wanted > 0 && wanted < todo.length) {
        await this.canaryStage(todo, wanted);
        if (this.stage !== 'canary') return this.view();
      }
      this.stage = 'rest';
      await this.announce(this.manifest(target === 'all' ? 'all' : [target]));
      await this.waitFor([...this.targets], false);
      return this.view();
    } finally {
      this.o.states.off('state', onState);
      this.endedAt ??= Date.now();
      this.emit('progress', this.view());
    }
  }

  private async canaryStage(todo: string[], wanted: number): Promise<void> {
    const online = new Set(this.o.roster.devices().filter((d) => d.online).map((d) => d.id));
    // online devices first: they can confirm now; by id, so the same fleet gets the same canaries
    const order = [...todo].sort((a, b) => Number(online.has(b)) - Number(online.has(a)) || a.localeCompare(b));
    const shards = this.o.shards ?? 0;
    if (wanted <= MAX_LISTED || shards === 0) {
      this.canaryIds = order.slice(0, wanted);
      await this.announce(this.manifest(this.canaryIds));
    } else {
      // A long id list would not fit a device's RAM: whole broadcast shards instead, enough to cover the count.
      const picked: number[] = [];
      const ids: string[] = [];
      for (const id of order) {
        if (ids.length >= wanted) break;
        const s = shardOf(id, shards);
        if (picked.includes(s)) continue;
        picked.push(s);
        ids.push(...todo.filter((d) => shardOf(d, shards) === s));
      }
      this.canaryIds = ids;
      await this.announce(this.manifest([], picked));
    }
    await this.waitFor(this.canaryIds, true);
  }

  /** Wait until every device of the stage that can act now has finished; the canary stage also needs one confirmation. */
  private async waitFor(ids: string[], canary: boolean): Promise<void> {
    const deadline = Date.now() + (this.o.stageTimeoutMs ?? this.trialMs + 600_000);
    for (;;) {
      if (this.o.target === 'all' && !canary) for (const d of this.o.roster.devices()) this.targets.add(d.id); // newcomers take "all" too
      const view = this.view();
      this.emit('progress', view);
      const { counts } = view;
      if (counts.failed + counts.rolledBack > this.failureLimit) {
        return this.stop(`stopped: ${counts.failed + counts.rolledBack} failed or rolled back, over the limit of ${describeShare(this.o.maxFailures ?? { percent: 2 })} (${formatLimit(this.failureLimit)} of ${counts.total})`);
      }
      if (this.cancelled) return this.stop('stopped by request');
      if (this.halted) {
        this.stage = 'stopped';
        this.outcome = 'the process serving it stopped';
        return;
      }
      const open = ids.filter((id) => this.mayStillAct(id));
      const confirmed = ids.some((id) => this.phase(id) === 'updated');
      if (open.length === 0 && (!canary || confirmed)) {
        if (!canary) {
          this.stage = 'done';
          this.outcome = counts.offline > 0 ? `done: ${counts.offline} offline device(s) take it when they return` : 'done';
        }
        return;
      }
      if (Date.now() > deadline) {
        this.stage = 'timed-out';
        this.outcome = canary && !confirmed ? 'timed out: no canary device confirmed the new version' : `timed out with ${open.length} device(s) unfinished`;
        if (canary && !confirmed) await this.clear();
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.tickMs ?? 250);
        this.wake = () => {
          clearTimeout(timer);
          // let a burst of states land before counting again
          setTimeout(resolve, 20);
        };
      });
      this.wake = undefined;
    }
  }

  private async stop(why: string): Promise<void> {
    this.stage = 'stopped';
    this.outcome = why;
    await this.clear();
  }

  /** Take the manifest back and stop offering the image: nobody else starts on it. */
  async clear(): Promise<void> {
    this.o.chunks.withdraw(this.o.image.version);
    await this.o.bus.publish(otaManifestTopic(this.o.prefix), Buffer.alloc(0), true);
  }

  /** Ask a running rollout to stop at its next look (it clears the manifest). */
  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  /** Stop watching without touching the manifest (the process is going away; devices may go on). */
  halt(): void {
    this.halted = true;
    this.wake?.();
  }

  get finished(): boolean {
    return this.endedAt !== null;
  }

  private phase(id: string): DevicePhase {
    const s = this.o.states.get(id);
    // a state about this version heard during this rollout, or an earlier confirmation of it
    if (s && s.v === this.o.image.version && ((s.at !== null && s.at >= this.startedAt) || s.state === 'updated')) return s.state;
    if (this.known.get(id)?.info.fw === this.o.image.version) return 'updated';
    return 'waiting';
  }

  private mayStillAct(id: string): boolean {
    const p = this.phase(id);
    if (p !== 'waiting' && isFinalState(p)) return false;
    // one that started is waited for even while offline (it reboots into its trial); one that did not start is waited for only while online
    return p !== 'waiting' || this.isOnline(id);
  }

  /** The roster as last looked at: one look per count, not one per device. */
  private known = new Map<string, RosterDevice>();

  private isOnline(id: string): boolean {
    return this.known.get(id)?.online ?? false;
  }

  private devices(): RolloutDevice[] {
    this.known = new Map(this.o.roster.devices().map((d) => [d.id, d]));
    const canary = new Set(this.canaryIds);
    return [...this.targets].sort().map((id) => {
      const s = this.o.states.get(id);
      const phase = this.phase(id);
      const d: RolloutDevice = { id, phase, online: this.isOnline(id), canary: canary.has(id) };
      if (phase !== 'waiting' && s?.v === this.o.image.version) {
        if (s.have !== undefined) d.have = s.have;
        if (s.reason !== undefined) d.reason = s.reason;
      }
      return d;
    });
  }

  view(): RolloutView {
    const devices = this.devices();
    const { image } = this.o;
    return {
      version: image.version,
      size: image.bytes.length,
      crc: image.crc,
      chunk: this.chunk,
      target: this.o.target,
      canary: this.canaryIds,
      stage: this.stage,
      failureLimit: this.failureLimit,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      outcome: this.outcome,
      counts: tally(devices),
      devices,
    };
  }
}

/** A rollout to one device needs a device the broker has seen (there is no session to find it by otherwise). */
export function checkTarget(roster: Roster, target: string): void {
  if (target !== 'all' && !roster.devices().some((d) => d.id === target)) {
    throw new UsageError(`${target} has never connected to this broker: check the device id (\`espkit ota --status\` lists the devices)`);
  }
}

export function tally(devices: RolloutDevice[]): RolloutCounts {
  const c: RolloutCounts = { total: devices.length, updated: 0, inProgress: 0, waiting: 0, failed: 0, rolledBack: 0, offline: 0 };
  for (const d of devices) {
    if (d.phase === 'updated') c.updated++;
    else if (d.phase === 'failed') c.failed++;
    else if (d.phase === 'rolled-back') c.rolledBack++;
    else if (d.phase !== 'waiting') c.inProgress++;
    else if (d.online) c.waiting++;
    else c.offline++;
  }
  return c;
}

function formatLimit(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A rollout that ended some other way than done is a failure for the exit code. */
export function rolloutFailed(view: RolloutView): boolean {
  return view.stage !== 'done';
}

export class RolloutBusyError extends EspkitError {
  constructor(version: string) {
    super(`a rollout of ${version} is still running: wait for it, or stop it first (DELETE /api/ota)`);
    this.name = 'RolloutBusyError';
  }
}
