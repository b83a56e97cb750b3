// Firmware over WiFi inside a long-running process (the hub, or `espkit ota --broker` for its duration):
// the chunk server, the devices' OTA states, and at most one rollout at a time. With a data folder the
// image being offered is kept on disk, so a restarted hub goes on serving the retained manifest's chunks
// to devices that come back later.
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { otaManifestTopic, parseManifest } from '../../core/wire/ota.ts';
import type { OtaBus } from './bus.ts';
import { ChunkServer, type ChunkStats } from './chunk-server.ts';
import { makeImage, type OtaImage } from './image.ts';
import { Rollout, RolloutBusyError, checkTarget, type Roster, type RolloutOptions, type RolloutView } from './rollout.ts';
import { OtaStates, type DeviceOtaState } from './states.ts';

export interface OtaServiceOptions {
  bus: OtaBus;
  prefix: string;
  roster: Roster;
  /** Broadcast shards the devices use (for big canary groups). */
  shards?: number;
  /** Where the offered image is kept across restarts. */
  dataDir?: string;
  log?: (line: string) => void;
}

/** What a caller chooses for a rollout (see RolloutOptions); the service supplies the bus, roster, states and chunk server. */
export type RolloutRequest = Pick<RolloutOptions, 'image' | 'target' | 'canary' | 'maxFailures' | 'chunk' | 'trialMs' | 'stageTimeoutMs' | 'tickMs'>;

interface ServiceEvents {
  rollout: [RolloutView];
}

export class OtaService extends EventEmitter<ServiceEvents> {
  readonly states: OtaStates;
  readonly chunks: ChunkServer;
  private rollout?: Rollout;
  private last?: RolloutView;
  private running?: Promise<RolloutView>;

  private constructor(private readonly o: OtaServiceOptions) {
    super();
    this.states = new OtaStates(o.bus, o.prefix);
    this.chunks = new ChunkServer(o.bus, o.prefix, o.log);
  }

  static async start(options: OtaServiceOptions): Promise<OtaService> {
    const service = new OtaService(options);
    await service.states.start();
    await service.chunks.start();
    await service.resume();
    return service;
  }

  /** Serve the image of a manifest still retained from an earlier run, if its image was kept. */
  private async resume(): Promise<void> {
    if (!this.o.dataDir) return;
    const file = join(this.o.dataDir, 'ota', 'image.bin');
    if (!existsSync(file)) return;
    let retained: Buffer | undefined;
    const stop = await this.o.bus.subscribe(otaManifestTopic(this.o.prefix), (m) => {
      if (m.retained) retained = m.payload;
    });
    await stop();
    const manifest = retained && parseManifest(retained);
    if (!manifest) return;
    const image = makeImage(readFileSync(file), manifest.version);
    if (image.crc === manifest.crc && image.bytes.length === manifest.size) this.chunks.offer(image, manifest.chunk);
  }

  private keep(image: OtaImage): void {
    if (!this.o.dataDir) return;
    const dir = join(this.o.dataDir, 'ota');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'image.bin.tmp'), image.bytes);
    renameSync(join(dir, 'image.bin.tmp'), join(dir, 'image.bin'));
  }

  /** Start a rollout; resolves with its first view once the first manifest is out, and runs on. */
  async start(request: RolloutRequest): Promise<RolloutView> {
    if (this.rollout && !this.rollout.finished) throw new RolloutBusyError(this.rollout.view().version);
    checkTarget(this.o.roster, request.target);
    const rollout = new Rollout({ ...request, bus: this.o.bus, prefix: this.o.prefix, roster: this.o.roster, states: this.states, chunks: this.chunks, shards: this.o.shards });
    // one image is offered at a time: devices still on an older manifest have nothing left to fetch
    if (this.last) this.chunks.withdraw(this.last.version);
    this.keep(request.image);
    this.rollout = rollout;
    let first: ((v: RolloutView) => void) | undefined;
    const firstView = new Promise<RolloutView>((resolve) => (first = resolve));
    rollout.on('progress', (view) => {
      this.last = view;
      this.emit('rollout', view);
      first?.(view);
      first = undefined;
    });
    this.running = rollout.run();
    this.running.catch((err: unknown) => this.o.log?.(`the rollout failed: ${(err as Error).message}`));
    return Promise.race([firstView, this.running]);
  }

  /** The current (or last) rollout, or null when there has been none. */
  current(): RolloutView | null {
    return this.rollout?.view() ?? this.last ?? null;
  }

  /** Resolves when the current rollout ends. */
  async finished(): Promise<RolloutView | null> {
    return this.running ?? null;
  }

  /** Stop the running rollout (the manifest is cleared); undefined when none runs. */
  cancel(): RolloutView | undefined {
    if (!this.rollout || this.rollout.finished) return undefined;
    this.rollout.cancel();
    return this.rollout.view();
  }

  /** Withdraw whatever is offered and clear the manifest (for a process that stops serving chunks). */
  async clear(): Promise<void> {
    if (this.rollout) await this.rollout.clear();
  }

  deviceStates(): DeviceOtaState[] {
    return this.states.all();
  }

  get stats(): ChunkStats {
    return this.chunks.stats;
  }

  async close(): Promise<void> {
    this.rollout?.halt();
    await this.running?.catch(() => undefined);
    await this.chunks.close();
    await this.states.close();
  }
}
